"""The printable edition: one PDF with every page, the glossary and the bibliography; and the
one-page warning-signs card."""
from __future__ import annotations


import pytest

from conftest import VERSION


@pytest.mark.slow
def test_pdf_has_every_section_glossary_and_bibliography(pdf_file):
    import pypdfium2
    from pypdf import PdfReader

    reader = PdfReader(pdf_file)
    assert 60 <= len(reader.pages) <= 400, f"{len(reader.pages)} pages"
    document = pypdfium2.PdfDocument(pdf_file)  # PDFium reads the text; pypdf took 20-100 s for it
    try:
        pages = [document[i].get_textpage().get_text_bounded() for i in range(len(document))]
    finally:
        document.close()
    assert len(pages) == len(reader.pages)
    text = "\n".join(pages)
    assert f"version {VERSION}" in pages[0] and "not medical advice" in pages[0], "cover lacks version or disclaimer"
    assert "Contents" in pages[1]
    for needle in ("What is PML?", "Natalizumab", "diagnostic criteria", "Glossary", "oligodendrocyte",
                   "Bibliography", "Berger JR",
                   "myelin, the coating on nerves"):  # a label drawn in a diagram (inline SVG), in no page text
        assert needle.lower() in text.lower(), f"the PDF does not contain {needle!r}"
    # Internal links survive: the contents entries are links inside the document.
    links = [a for page in reader.pages[:4] for a in (page.get("/Annots") or [])]
    assert len(links) >= 20


def test_warning_signs_card_prints_on_one_page(browser, site_server):
    context = browser.new_context()
    page = context.new_page()
    try:
        page.goto(site_server + "medicines/warning-signs-card/", wait_until="networkidle")
        page.emulate_media(media="print")
        for size in ("A4", "Letter"):
            data = page.pdf(format=size, print_background=True, margin={"top": "12mm", "bottom": "12mm",
                                                                          "left": "12mm", "right": "12mm"})
            from io import BytesIO
            from pypdf import PdfReader

            pages = len(PdfReader(BytesIO(data)).pages)
            assert pages == 1, f"the card prints on {pages} {size} pages"
    finally:
        context.close()
