"""The article view's boundary keys: split the current sentence before a chosen word, join it with the next."""

from __future__ import annotations

from annotator.tui.word_picker import SPLIT, WordPicker


class BoundaryKeysMixin:
    """Split (a word picker chooses where) and join on the article screen; the view re-reads the sentences after."""

    def action_split_sentence(self) -> None:
        sentence = self.current_sentence
        if sentence is None:
            return

        def picked(point) -> None:
            if point is not None:
                self.app.writes.run("split sentence", lambda a: a.split_sentence(sentence.id, point[0]),
                                    lambda _: self.show_segmentation(sentence.index, f"Split {sentence.source_id}:{sentence.index} in two."))

        self.app.push_screen(WordPicker(sentence.text, SPLIT), picked)

    def action_join_sentences(self) -> None:
        sentence = self.current_sentence
        if sentence is None:
            return
        self.app.writes.run("join sentences", lambda a: a.join_sentences(sentence.id),
                            lambda _: self.show_segmentation(sentence.index, f"Joined {sentence.source_id}:{sentence.index} "
                                                             "with the next sentence."))

    def show_segmentation(self, index: int, said: str | None = None) -> None:
        """Load the source's sentences again (a fix changed them), the cursor on `index`."""
        self.unsaved_position = None  # an index into the old segmentation
        self.load_source(self.source_id, index)
        if said:
            self.notify(said + " u undoes it.", timeout=3)

    def segmentation_changed(self) -> bool:
        """Whether the stored sentences of the shown source differ from the rows on screen (a fix, its undo)."""
        shown = [(row.sentence.id, row.sentence.start, row.sentence.end) for row in self.article.rows]
        return shown != [(s.id, s.start, s.end) for s in self.app.store.sentences(self.source_id)]
