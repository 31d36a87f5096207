"""Every path the tool writes is decided here: never the database, never a folder it did not make, never outside the target.

Our own folders carry a marker file; our temporary files and staging folders carry our own names
and hold a lock while in use, so the next export to the same place can clear what a killed one left
without ever touching a file of the user's.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import secrets
import shutil
import time
from pathlib import Path

from annotator.connections import file_identity
from annotator.errors import InputError, shown_path

ARTICLE_SUFFIXES = (".txt", ".md", ".html", ".htm")  # what ingest reads as one article; no export is named so

try:
    import fcntl
except ImportError:  # pragma: no cover - not on Windows: leftovers are then only cleared by age
    fcntl = None

MARKER = ".annotator-export"
MARKER_TEXT = "Written by `annotator export`: the next export to this folder replaces it.\n"
DATABASE_COMPANIONS = ("", "-wal", "-shm", "-journal")
SQLITE_MAGIC = b"SQLite format 3\x00"
WAL_MAGICS = (b"\x37\x7f\x06\x82", b"\x37\x7f\x06\x83")  # a write-ahead log, in either byte order
COMPANION_SUFFIXES = ("-wal", "-shm", "-journal")
TEMP_SUFFIX = ".annotator-tmp"
STAGING_TAG, RETIRED_TAG = "annotator-staging", "annotator-old"
LEFTOVER_MIN_AGE_S = 2.0  # a temp file younger than this may be a live export's, not yet locked
MAX_FILE_NAME_BYTES = 150  # room for `.v<N>.ann` and our temp-name wrapping under the usual 255-byte limit
# Names Windows keeps for devices, whatever the case and whatever follows a dot ("nul.txt" is NUL too).
WINDOWS_DEVICE = re.compile(r"(?:CON|PRN|AUX|NUL|COM[0-9\u00b9\u00b2\u00b3]|LPT[0-9\u00b9\u00b2\u00b3]|CONIN\$|CONOUT\$)(?:[ .].*)?\Z",
                            re.IGNORECASE | re.DOTALL)
SAFE_CHARACTER = re.compile(r"[^\x00-\x1f\x7f-\x9f/\\%:\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]")


# --- the database and its companion files -----------------------------------------------------


def database_files(database: str | Path) -> list[Path]:
    """The database and the files SQLite keeps beside it."""
    return [Path(f"{database}{suffix}") for suffix in DATABASE_COMPANIONS]


def refuse_database(target: str | Path, database: str | Path | None) -> None:
    """Refuse a target that is, or would become, the database or one of its -wal/-shm/-journal files.

    Compared by resolved path (through symlinks and `..`, also for files that do not exist yet)
    and by file identity (device and inode, which also catches hard links).
    """
    if database is None or str(database) == ":memory:":
        return
    target = Path(target)
    _refuse_companion_of_same_file(target, database)
    resolved = os.path.realpath(target)
    identity = file_identity(target)
    for protected in database_files(database):
        if resolved == os.path.realpath(protected) or (identity is not None and identity == file_identity(protected)):
            what = "the database itself" if protected == Path(database) else f"the database's {protected.name[len(Path(database).name):]} file"
            raise InputError(f"is {what}; writing there would destroy your annotations; choose another name", target)


def _refuse_companion_of_same_file(target: Path, database: str | Path) -> None:
    """Refuse `X-wal`/`-shm`/`-journal` when X is the database under another name (a hard link or symlink)."""
    base = _companion_base(target)
    if base is not None and file_identity(base) is not None and file_identity(base) == file_identity(Path(database)):
        suffix = target.name[len(base.name):]
        raise InputError(f"is the database's {suffix} file (through another name for it); "
                         "writing there would destroy your annotations; choose another name", target)


def _companion_base(target: Path) -> Path | None:
    """The file a `-wal`/`-shm`/`-journal` name belongs to, or None for other names."""
    for suffix in COMPANION_SUFFIXES:
        if target.name.endswith(suffix) and len(target.name) > len(suffix):
            return target.with_name(target.name[: -len(suffix)])
    return None


def _is_sqlite_file(path: Path) -> bool:
    """Whether a file starts with SQLite's header: some database, which an export never replaces."""
    return _starts_with(path, (SQLITE_MAGIC,))


def _starts_with(path: Path, heads: tuple[bytes, ...]) -> bool:
    """Whether a regular file starts with one of `heads`."""
    try:
        if not path.is_file():
            return False
        with open(path, "rb") as stream:
            start = stream.read(max(len(head) for head in heads))
    except OSError:
        return False
    return any(start.startswith(head) for head in heads)


def refuse_sqlite_files(target: Path, raw: str | Path) -> None:
    """Refuse an SQLite database, a write-ahead log, or a companion name of some other database."""
    if _is_sqlite_file(target):
        raise InputError("is an SQLite database; an export never overwrites one; choose another name", raw)
    if _starts_with(target, WAL_MAGICS):
        raise InputError("is an SQLite write-ahead log; an export never overwrites one; choose another name", raw)
    base = _companion_base(target)
    if base is not None and _is_sqlite_file(base):
        raise InputError(f"is a companion file of the SQLite database {base.name}; writing there would "
                         "damage that database; choose another name", raw)


# --- export targets -----------------------------------------------------------------------------


def refuse_linked_folders(raw: str | Path) -> None:
    """Refuse a path whose folders, from the current folder down, include a symbolic link.

    A project folder is often a teammate's checkout: its `exports` (or any folder in it) may be a link
    to anywhere (`~/.ssh`, another project), so writing through it would put our files there. A link
    outside the current folder (`/tmp` on macOS, a linked home) is the user's own and is followed.
    """
    project = os.path.realpath(os.getcwd())
    walked = Path(os.getcwd()) / raw  # not normalised: `exports/../x` goes through `exports` as the kernel does
    for depth in range(1, len(walked.parts) - 1):
        folder = Path(*walked.parts[: depth + 1])
        if folder.name in ("", ".", "..") or not os.path.islink(folder):
            continue
        if Path(os.path.realpath(folder.parent)).is_relative_to(project):
            shown = os.path.relpath(folder) if folder.is_relative_to(os.getcwd()) else folder
            raise InputError(f"goes through the folder {shown_path(shown)}, a symbolic link (to {shown_path(os.readlink(folder))}); "
                             "nothing is written through a linked folder of the current project, which could point anywhere; "
                             "give the folder it points to", raw)


def file_target(raw: str | Path, database: str | Path | None) -> Path:
    """Check where a one-file export may go; return the path to write."""
    target = Path(raw)
    refuse_database(target, database)
    refuse_linked_folders(raw)
    if target.is_dir():
        raise InputError("is a folder; give a file name to write the export to", raw)
    if str(raw).endswith(("/", os.sep)):
        raise InputError("ends with '/' but this format is one file; give a file name", raw)
    _require_parent(target, raw)
    if target.is_symlink():  # a rename replaces the link itself: the file it points to would silently stay old
        raise InputError(f"is a symbolic link (to {shown_path(os.readlink(target))}); an export replaces the file it is "
                         "given, so it would replace the link; give the file it points to, or another name", raw)
    if target.is_file() and target.suffix.lower() in ARTICLE_SUFFIXES:  # `-o story.txt` for `-o story.jsonl`
        raise InputError(f"is an existing {target.suffix} file, which no export writes (it may be an article); an export "
                         "never replaces one; choose another name", raw)
    if target.exists() and not target.is_file():  # a rename would replace a device or pipe (as root, /dev/null itself)
        raise InputError("is not a regular file (a device, pipe or socket); an export replaces files only; "
                         "use -o - to write to standard output", raw)
    refuse_sqlite_files(target, raw)
    return target


def folder_target(raw: str | Path, database: str | Path | None, force: bool = False) -> Path:
    """Check where a folder export (brat) may go; return the path to write.

    An existing folder is replaced only when an earlier export made it (or when `force` is given),
    and never when it holds the database or the current folder.
    """
    target = Path(raw)
    refuse_database(target, database)
    refuse_linked_folders(raw)
    refuse_sqlite_files(target, raw)
    if target.is_symlink():
        raise InputError("is a symbolic link; give the folder itself", raw)
    if target.exists() and not target.is_dir():
        raise InputError("is a file; a brat export is a folder", raw)
    _require_parent(target, raw)
    if target.is_dir():
        _refuse_enclosing(target, database, raw)
        if not force and not is_our_folder(target) and any(target.iterdir()):
            stranger = foreign_entry(target) if (target / MARKER).exists() else None
            what = f"holds {shown_path(os.path.relpath(stranger, target))}, which no export writes, so annotator did not make all of it" \
                if stranger is not None and stranger != target else "is a folder that annotator did not create"
            raise InputError(f"{what}; it is left as it is (choose a new folder, or pass --force to replace it and everything in it)", raw)
    return target


def _require_parent(target: Path, raw: str | Path) -> None:
    """Refuse a target whose folder does not exist or is not a folder."""
    require_folder(target, raw)


def require_folder(path: str | Path, shown: str | Path | None = None) -> None:
    """Refuse a path whose folder does not exist or is a file, naming the file in the way (SQLite only says it cannot open)."""
    folder = Path(path).parent
    if folder.is_dir():
        return
    blocker = next((part for part in (*reversed(folder.parents), folder) if part.exists() and not part.is_dir()), None)
    if blocker is not None:
        raise InputError(f"cannot be created: {blocker} is a file, not a folder", shown or path)
    raise InputError(f"cannot be created: the folder {folder} does not exist", shown or path)


def _refuse_enclosing(target: Path, database: str | Path | None, raw: str | Path) -> None:
    """Never replace a folder that holds the database, the current folder or the home folder."""
    folder = target.resolve()
    guarded = [Path.cwd(), Path(os.path.expanduser("~"))]
    if database is not None and str(database) != ":memory:":
        guarded.append(Path(database))
    if any(path.resolve().is_relative_to(folder) for path in guarded):
        raise InputError("holds the database, the current folder or your home folder; an export never replaces it", raw)


def is_our_folder(folder: Path) -> bool:
    """Whether an export made this folder: our marker (or, from before markers, our annotation.conf) and nothing but an export's files.

    A marker alone proves nothing (anyone can write one, or commit one into a teammate's checkout), so
    a folder holding anything an export never writes is not ours, whatever its marker says.
    """
    marked = (folder / MARKER).is_file() and not (folder / MARKER).is_symlink()
    return (marked or _has_our_conf(folder)) and foreign_entry(folder) is None


def foreign_entry(folder: Path) -> Path | None:
    """The first thing in `folder` that no export writes there (None: only our conf, marker and annotator folders of .txt/.ann files)."""
    try:
        for entry in sorted(folder.iterdir()):
            if entry.name in (MARKER, "annotation.conf"):
                if entry.is_symlink() or not entry.is_file():
                    return entry
                continue
            if entry.is_symlink() or not entry.is_dir():
                return entry
            inner = next((f for f in sorted(entry.iterdir()) if f.is_symlink() or not f.is_file() or f.suffix not in (".txt", ".ann")), None)
            if inner is not None:
                return inner
    except OSError:
        return folder
    return None


def _has_our_conf(folder: Path) -> bool:
    """An export from before markers: our annotation.conf at the top."""
    try:
        conf = folder / "annotation.conf"
        return conf.is_file() and conf.read_text(encoding="utf-8").startswith("# annotator export:")
    except (OSError, UnicodeDecodeError):
        return False


# --- names inside a folder we write -------------------------------------------------------------


def file_name(name: str) -> str:
    """A file-name form of any name from data: itself when harmless, else escaped, never a path.

    `%` and every character that could make a path or a terminal escape are written `%XX`, and a
    leading `.` or `-` too, so the mapping is one-to-one; an over-long name is cut and given a digest.
    Windows would open a device for `CON`, `nul.txt`, `COM1` and drop a trailing dot or space, so
    their first (or last) character is escaped as well: the same name on every system, still one-to-one.
    """
    escaped = "".join(c if SAFE_CHARACTER.match(c) else _percent(c) for c in name)
    if escaped[:1] in (".", "-") or WINDOWS_DEVICE.match(escaped):
        escaped = _percent(escaped[0]) + escaped[1:]
    if escaped[-1:] in (".", " "):
        escaped = escaped[:-1] + _percent(escaped[-1])
    if not escaped:
        escaped = "%"
    if len(escaped.encode("utf-8")) > MAX_FILE_NAME_BYTES:
        digest = hashlib.sha256(name.encode("utf-8", "surrogatepass")).hexdigest()[:16]
        head = escaped.encode("utf-8")[: MAX_FILE_NAME_BYTES - 17].decode("utf-8", "ignore")
        escaped = f"{head}~{digest}"
    return escaped


def _percent(char: str) -> str:
    """`%XX` for each UTF-8 byte of a character."""
    return "".join(f"%{byte:02X}" for byte in char.encode("utf-8", "surrogatepass"))


def inside(root: Path, *parts: str) -> Path:
    """`root/parts...`, proved to lie inside `root` after resolving; an InputError otherwise."""
    for part in parts:
        if not part or part in (".", "..") or "/" in part or "\\" in part or "\x00" in part:
            raise InputError(f"would write outside the export folder (the name {part!r} is a path)", root)
    path = root.joinpath(*parts)
    if not path.resolve().is_relative_to(root.resolve()):
        raise InputError(f"would write outside the export folder ({path})", root)
    return path


# --- temporary files and staging folders --------------------------------------------------------


def temp_file_for(target: Path) -> tuple[int, Path]:
    """A new temporary file beside `target` under our own name, locked while this process writes it."""
    import tempfile

    handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=TEMP_SUFFIX, dir=target.parent)
    _lock(handle)
    return handle, Path(name)


def staging_folder_for(target: Path) -> tuple[Path, int]:
    """A new folder beside `target` to build an export in: our name, our marker, locked while in use."""
    for _ in range(100):
        staging = target.with_name(f".{target.name}.{STAGING_TAG}.{secrets.token_hex(4)}")
        try:
            staging.mkdir(mode=0o700)
        except FileExistsError:
            continue
        handle = os.open(staging / MARKER, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        _lock(handle)
        os.write(handle, MARKER_TEXT.encode("utf-8"))
        return staging, handle
    raise InputError("cannot find a free temporary name beside the export folder", target)


def retired_name_for(target: Path) -> Path:
    """A fresh name beside `target` for the export it replaces, deleted once the new one is in place."""
    while True:
        retired = target.with_name(f".{target.name}.{RETIRED_TAG}.{secrets.token_hex(4)}")
        if not os.path.lexists(retired):
            return retired


def _lock(handle: int) -> None:
    """Hold an exclusive lock on an open file for as long as it stays open (released if we die)."""
    if fcntl is not None:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)


def clean_leftovers(target: Path) -> list[Path]:
    """Remove what killed exports to `target` left beside it: only our names, only when no live export holds them."""
    removed = []
    name = re.escape(target.name)
    temp = re.compile(rf"\.{name}\.[a-z0-9_]{{8}}{re.escape(TEMP_SUFFIX)}")
    folder = re.compile(rf"\.{name}\.(?:{STAGING_TAG}|{RETIRED_TAG})\.[0-9a-f]{{8}}")
    with contextlib.suppress(OSError):
        for entry in target.parent.iterdir():
            if temp.fullmatch(entry.name) and _abandoned_file(entry):
                entry.unlink(missing_ok=True)
                removed.append(entry)
            elif folder.fullmatch(entry.name) and _abandoned_folder(entry):
                shutil.rmtree(entry, ignore_errors=True)
                removed.append(entry)
    return removed


def _abandoned_file(path: Path) -> bool:
    """A regular file of ours that no running export holds."""
    if path.is_symlink() or not path.is_file():
        return False
    if time.time() - path.stat().st_mtime < LEFTOVER_MIN_AGE_S:
        return False
    return _unlocked(path)


def _abandoned_folder(path: Path) -> bool:
    """A real folder with our marker that no running export holds."""
    marker = path / MARKER
    if path.is_symlink() or not path.is_dir() or marker.is_symlink() or not marker.is_file():
        return False
    return _unlocked(marker)


def _unlocked(path: Path) -> bool:
    """Whether nobody holds the lock on `path` (a dead process holds none)."""
    if fcntl is None:
        return time.time() - path.stat().st_mtime > 3600
    try:
        handle = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return False
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except OSError:
        return False
    finally:
        os.close(handle)
