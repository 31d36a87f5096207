"""Saved web pages for the HTML and URL ingest tests: real markup with the furniture a scrape carries."""

from __future__ import annotations

BODY = (
    "Officials said on Tuesday that a cargo ship carrying 13,000 shipping containers was seized off the coast "
    "after a weeks-long investigation into smuggling.",
    '"This is the largest seizure we have made," the port director told reporters at a press conference in the '
    "harbour town.",
    "The ship's owners denied any wrongdoing and said they would appeal the decision in court next month.",
)
FURNITURE = ("Skip to content", "We use cookies", "Another story", "Donate now", "Daily Planet Ltd")


def news_page(title: str = "Ship seized with 13,000 containers", body: tuple[str, ...] = BODY, charset: str = "utf-8",
              canonical: str | None = "https://dailyplanet.example/news/ship-seized", lang: str = "en-GB") -> str:
    """A news article page: navigation, cookie banner, related links, donation box and footer around the story."""
    link = f'<link rel="canonical" href="{canonical}">' if canonical else ""
    paragraphs = "\n".join(f"<p>{paragraph}</p>" for paragraph in body)
    return f"""<!DOCTYPE html><html lang="{lang}"><head><meta charset="{charset}"><title>{title} | Daily Planet</title>
<meta property="og:site_name" content="Daily Planet"><meta name="author" content="Lois Lane">
<meta property="article:published_time" content="2024-03-05T10:00:00Z">{link}</head>
<body><nav><a href="/">Home</a> <a href="/world">World</a> <a href="#main">Skip to content</a></nav>
<div class="cookie-banner">We use cookies. Accept all</div>
<article id="main"><h1>{title}</h1>
{paragraphs}
</article>
<aside class="related"><h3>Related stories</h3><ul><li><a href="/x">Another story</a></li></ul></aside>
<div class="donate">Support our journalism. Donate now.</div>
<footer>&copy; 2024 Daily Planet Ltd</footer></body></html>
"""
