"""Make N realistic news pages from templates, for throughput and memory benchmarks.

    python bench/generate_pages.py OUT_DIR [--pages 5000] [--seed 7]

Each page is one article in one of several site layouts (a <main>/<article> page, a
table-free div soup with a sidebar, a live-blog style list, a print-like page), wrapped in
navigation, ad slots, a related-stories box, a cookie banner and reader comments — the
boilerplate trafilatura has to remove. Bodies are 5-12 paragraphs of news prose about
invented people, organisations and places: attributed and contested statements (quotes,
"said that" clauses, "according to", denials of an earlier claim) between sentences of
plain narration, as in real reporting.

How many statements: ``claim_share`` of the sentences (CLAIM_SHARE by default) are
attributions, which puts as many of them in the text as attribution-dev's political news
has gold attributions — the most attribution-dense real news we hold (5.3 per 1,000
characters; news-dev's 61 pages have 1.5 found per 1,000). A claim share of 1.0 gives the
pages of earlier benchmark runs, every sentence a statement (10 per 1,000 characters,
twice political news' density): a stress case for the claim rules, though their cost
follows tokens and mentions more than statements (halving the statements cut it by
~20 %, docs/PERFORMANCE.md).

Everything is invented and deterministic for a given seed; nothing here is real news.
"""

from __future__ import annotations

import argparse
import html
import random
from pathlib import Path

FIRST = [
    "Mira",
    "Ilse",
    "Tomas",
    "Arjun",
    "Lena",
    "Kofi",
    "Sanna",
    "Dario",
    "Yusuf",
    "Nadia",
    "Piet",
    "Oona",
    "Ravi",
    "Selma",
    "Bruno",
    "Hana",
    "Iker",
    "Maren",
    "Teodor",
    "Aiko",
    "Bashir",
    "Cleo",
    "Emeka",
    "Farah",
    "Gideon",
    "Ines",
    "Jalen",
    "Kasia",
    "Luca",
    "Noor",
]
LAST = [
    "Sefton",
    "Varga",
    "Okafor",
    "Lindqvist",
    "Marek",
    "Duarte",
    "Halvorsen",
    "Quispe",
    "Adeyemi",
    "Brandt",
    "Castell",
    "Novak",
    "Ferreira",
    "Haddad",
    "Ivers",
    "Kowal",
    "Moreau",
    "Nakamura",
    "Petrov",
    "Rahimi",
    "Solberg",
    "Tiwari",
    "Ulloa",
    "Vance",
    "Wexley",
    "Yilmaz",
    "Zeller",
    "Abara",
    "Borrowdale",
    "Crane",
]
ORGS = [
    "Northern Grid Authority",
    "Harbour Workers Union",
    "Coastal Freight Group",
    "Ministry of Water",
    "Valley Growers Cooperative",
    "Eastern Rail Company",
    "Civic Audit Office",
    "Meridian Bank",
    "Free Press Council",
    "Highland Energy Board",
    "Southport City Council",
    "Lakeside Medical Trust",
]
PLACES = [
    "Harlow Bay",
    "Eastmere",
    "Calder Vale",
    "Port Ivers",
    "Redfield",
    "Sorrow Creek",
    "Northwick",
    "Ambersea",
    "Kestrel Heights",
    "Dunmore",
]
ROLES = ("minister", "spokesperson", "chief executive", "mayor", "director", "union leader")
TOPICS = [
    "the new water tariff",
    "the rail strike",
    "the harbour expansion",
    "the audit of the grid",
    "the flood defences",
    "the hospital closures",
    "the port tender",
    "the fuel subsidy",
]
OUTLETS = (
    "Harlow Herald",
    "Eastmere Post",
    "Calder Courier",
    "Port Ivers Ledger",
    "Northwick Wire",
)
SAY = ("said", "told reporters", "announced", "claimed", "insisted", "added", "stated")
DENY = ("denied", "rejected", "dismissed")
OTHER = ("warned", "promised", "admitted", "questioned whether")


# Share of sentences that are attributions. Tuned so the pipeline finds ~5.3 claims per
# 1,000 characters of generated text, attribution-dev's gold density (module doc); the
# templates are easy to attribute, so what it finds is what the generator wrote.
CLAIM_SHARE = 0.5


class Story:
    """The cast and claims of one article, so pronouns and denials refer back."""

    def __init__(self, rng: random.Random, claim_share: float = CLAIM_SHARE) -> None:
        self.rng = rng
        self.claim_share = claim_share
        self.people = [f"{rng.choice(FIRST)} {rng.choice(LAST)}" for _ in range(rng.randint(2, 4))]
        self.orgs = rng.sample(ORGS, 2)
        self.place = rng.choice(PLACES)
        self.topic = rng.choice(TOPICS)
        self.figure = rng.randint(3, 950)

    def sentence(self) -> str:
        # At 1.0 no number is drawn, so the pages are those of earlier runs, byte for byte.
        if self.claim_share >= 1.0 or self.rng.random() < self.claim_share:
            return self.statement()
        return self.narration()

    def narration(self) -> str:
        """A sentence of plain reporting: names, places and figures, nobody quoted."""
        r, p, o = self.rng, self.rng.choice(self.people), self.rng.choice(self.orgs)
        other = self.orgs[1] if o == self.orgs[0] else self.orgs[0]
        year = r.randint(1994, 2025)
        forms = [
            f"The {o} was founded in {year} and employs {self.figure} people in the region.",
            f"Work on {self.topic} began in {self.place} last spring after months of delay.",
            f"{p} has led the {o} since {year}, after a decade at the {other}.",
            f"A public meeting in {self.place} on Thursday drew more than {self.figure} people.",
            f"The vote on {self.topic} is expected next month, once a consultation closes.",
            f"Figures published on Friday showed {self.figure} households in {self.place} "
            f"behind on their bills.",
            f"Last year the {o} posted a loss of {self.figure} million, its first in a decade.",
            f"The {o} and the {other} have clashed over {self.topic} before.",
            f"Heavy rain in {self.place} has pushed the inspection back by several weeks.",
            f"The report runs to {self.figure} pages and covers the years since {year}.",
            f"Traffic through {self.place} was diverted for most of Monday while crews "
            f"repaired a burst main.",
            f"{p} was appointed {r.choice(ROLES)} of the {o} in {year}.",
        ]
        return r.choice(forms)

    def statement(self) -> str:
        """An attributed or contested statement (quotation, reported clause, denial)."""
        r, p, o = self.rng, self.rng.choice(self.people), self.rng.choice(self.orgs)
        surname = p.split()[1]
        role = r.choice(ROLES)
        forms = [
            f'"We will not accept {self.topic} in its current form," {p} {r.choice(SAY)}.',
            f"{p}, the {role} of the {o}, said that {self.topic} would cost "
            f"{self.figure} million over five years.",
            f"According to {o}, {self.figure} households in {self.place} were affected.",
            f"{surname} {r.choice(DENY)} the claim that the {o} had hidden the figures.",
            f'"This is a matter for the courts," {surname} said. "Nobody has seen the report."',
            f"The {role} {r.choice(OTHER)} that {self.topic} could be delayed until spring.",
            f"{p} {r.choice(DENY)} reports that the {o} had paid {self.figure} "
            f"thousand to consultants, calling them baseless.",
            f"Officials in {self.place} declined to comment on {self.topic}.",
            f"Residents of {self.place} gathered outside the offices of the {o} on Tuesday.",
            f"The {o} said in a statement that it was reviewing {self.topic}.",
            f"{p} told the {r.choice(OUTLETS)} that the process had been fair and open.",
            f"Critics argue that {self.topic} favours large firms over residents.",
        ]
        return r.choice(forms)

    def paragraphs(self) -> list[str]:
        return [
            " ".join(self.sentence() for _ in range(self.rng.randint(2, 5)))
            for _ in range(self.rng.randint(5, 12))
        ]


def _nav(rng: random.Random) -> str:
    items = rng.sample(
        [
            "World",
            "Politics",
            "Business",
            "Sport",
            "Culture",
            "Opinion",
            "Science",
            "Local",
            "Weather",
            "Podcasts",
        ],
        7,
    )
    return (
        "<nav class='site-nav'><ul>"
        + "".join(f"<li><a href='/{i.lower()}'>{i}</a></li>" for i in items)
        + "</ul></nav>"
    )


def _ad(rng: random.Random) -> str:
    cls = rng.choice(["ad-slot", "adunit inline", "advert", "sponsored-box", "div-gpt-ad-top"])
    return f"<div class='{cls}'><span>Advertisement</span></div>"


def _related(rng: random.Random, story: Story) -> str:
    links = "".join(
        f"<li><a href='/story/{rng.randint(1000, 9999)}'>{html.escape(rng.choice(TOPICS)).title()}"
        f" in {rng.choice(PLACES)}</a></li>"
        for _ in range(5)
    )
    return f"<aside class='related'><h3>Related stories</h3><ul>{links}</ul></aside>"


def _comments(rng: random.Random) -> str:
    rows = "".join(
        f"<div class='comment'><b>{rng.choice(FIRST)}{rng.randint(1, 99)}</b>"
        f"<p>{rng.choice(['Typical.', 'Who pays for this?', 'Great reporting.', 'I was there and it was chaos, nobody from the council came.'])}</p></div>"  # noqa: E501
        for _ in range(rng.randint(2, 8))
    )
    return f"<section id='comments' class='comments'><h3>Comments</h3>{rows}</section>"


def page(n: int, rng: random.Random, claim_share: float = CLAIM_SHARE) -> str:
    story = Story(rng, claim_share)
    outlet = rng.choice(OUTLETS)
    title = f"{story.orgs[0]} under pressure over {story.topic} in {story.place}"
    author = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
    day = f"2026-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    paras = story.paragraphs()
    body_parts = []
    for i, para in enumerate(paras):
        body_parts.append(f"<p>{html.escape(para, quote=False)}</p>")
        if i == 2:
            body_parts.append(_ad(rng))
    body = "\n".join(body_parts)
    head = (
        f"<head><meta charset='utf-8'><title>{html.escape(title)} | {outlet}</title>"
        f"<meta property='og:title' content='{html.escape(title)}'>"
        f"<meta name='author' content='{author}'>"
        f"<meta property='article:published_time' content='{day}T08:00:00Z'>"
        f"<link rel='canonical' href='https://news.example/{n}'></head>"
    )
    byline = f"<p class='byline'>By {author}, {day}</p>"
    layout = n % 4
    if layout == 0:
        main = (
            f"<main><article><h1>{html.escape(title)}</h1>{byline}"
            f"<div class='article-body'>{body}</div></article>{_related(rng, story)}</main>"
        )
    elif layout == 1:
        main = (
            f"<div id='wrapper'><div class='col-main'><h1>{html.escape(title)}</h1>{byline}"
            f"<div class='story'>{body}</div></div><div class='sidebar'>{_ad(rng)}"
            f"{_related(rng, story)}</div></div>"
        )
    elif layout == 2:
        main = (
            f"<div class='live'><h1>{html.escape(title)}</h1>{byline}<ol class='updates'>"
            + "".join(
                f"<li><time>{9 + i}:00</time><p>{html.escape(p, quote=False)}</p></li>"
                for i, p in enumerate(paras)
            )
            + "</ol></div>"
        )
    else:
        main = (
            f"<div class='print'><header><h1>{html.escape(title)}</h1></header>{byline}"
            f"<section class='content'>{body}</section></div>"
        )
    return (
        f"<!DOCTYPE html><html lang='en'>{head}<body>"
        f"<div class='cookie-banner'>We use cookies. <button>Accept</button></div>"
        f"<header class='masthead'><a href='/'>{outlet}</a></header>{_nav(rng)}{_ad(rng)}"
        f"{main}{_comments(rng)}<footer><p>© {outlet}. All rights reserved.</p>"
        f"<p><a href='/privacy'>Privacy</a> <a href='/terms'>Terms</a></p></footer></body></html>"
    )


def generate(out: Path, pages: int, seed: int = 7, claim_share: float = CLAIM_SHARE) -> int:
    """Write ``pages`` files (100 per sub-folder) under ``out``; return how many."""
    if not 0.0 <= claim_share <= 1.0:
        raise ValueError(f"claim_share must be between 0 and 1, not {claim_share}")
    rng = random.Random(seed)
    for n in range(pages):
        folder = out / f"{n // 100:04d}"
        folder.mkdir(parents=True, exist_ok=True)
        markup = page(n, rng, claim_share)
        (folder / f"page-{n:06d}.html").write_text(markup, encoding="utf-8")
    return pages


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--pages", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--claim-share",
        type=float,
        default=CLAIM_SHARE,
        help="share of sentences that are attributions (1.0: every one, the stress case)",
    )
    args = parser.parse_args()
    written = generate(args.out, args.pages, args.seed, args.claim_share)
    print(f"wrote {written} pages to {args.out}")


if __name__ == "__main__":
    main()
