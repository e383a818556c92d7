"""Layout tables -> divs, so old table-layout pages extract like modern ones.

Some CMSs (and many local papers) still lay out the whole page with <table>: banner,
navigation column and article all sit in cells of one table. With include_tables=True
trafilatura then reads the article as one table cell: paragraphs merged into a single
line, and the promo box and footer in the same cells come along. Data tables (results,
figures) never contain a headline or several paragraphs, so a table that does is a
layout table, and its table elements become plain divs before extraction.

The tree is changed in place, the same tree trafilatura then reads (the page is parsed
once). Pages without such a table are left untouched, so this cannot change the
extraction of any other page.
"""

from __future__ import annotations

from lxml import html as lxml_html

# A table holding this many paragraphs (outside nested tables) is page layout, not
# data: a results table has cells of numbers and names, not prose paragraphs.
LAYOUT_MIN_PARAGRAPHS = 3
_TABLE_PARTS = ("table", "thead", "tbody", "tfoot", "tr", "td", "th", "caption")
# Presentational attributes of layout cells that mean nothing on a div.
_LAYOUT_ATTRIBUTES = (
    "width",
    "height",
    "valign",
    "align",
    "cellpadding",
    "cellspacing",
    "border",
    "colspan",
    "rowspan",
    "bgcolor",
)


def _is_layout_table(table: lxml_html.HtmlElement) -> bool:
    if table.get("role") in {"presentation", "none"}:
        return True
    own = [el for el in table.iter("p", "h1", "h2") if _nearest_table(el) is table]
    has_headline = any(el.tag in {"h1", "h2"} for el in own)
    paragraphs = sum(el.tag == "p" for el in own)
    return has_headline or paragraphs >= LAYOUT_MIN_PARAGRAPHS


def _nearest_table(element: lxml_html.HtmlElement) -> lxml_html.HtmlElement | None:
    for ancestor in element.iterancestors("table"):
        return ancestor
    return None


def unwrap_layout_tables(tree: lxml_html.HtmlElement) -> int:
    """Turn the layout tables of a parsed page into divs, in place; how many there were."""
    # iter("table") walks the tree in C and yields only tables: on the many pages
    # without one this costs a fraction of a millisecond and nothing else runs.
    layout = [table for table in tree.iter("table") if _is_layout_table(table)]
    if not layout:
        return 0
    # Collect first, rename after: renaming a table changes what _nearest_table sees.
    owned = [
        element
        for table in layout
        for element in table.iter(*_TABLE_PARTS)
        # The layout table itself and its own rows and cells; a table nested in it keeps
        # its <table> tag and its cells (a data table is left whole).
        if element is table or (element.tag != "table" and _nearest_table(element) is table)
    ]
    for element in owned:
        element.tag = "div"
        for attribute in _LAYOUT_ATTRIBUTES:
            element.attrib.pop(attribute, None)
    return len(layout)
