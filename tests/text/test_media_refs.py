from hypothesis import given
from hypothesis import strategies as st

from newsroom.text.media_refs import media_ids, parse, ref


def test_references_are_read_in_body_order_with_alt_and_caption():
    body = 'Intro.\n\n![A cat](media:7 "The \\"cat\\"")\n\nText ![](media:3) and ![x](media:7)\n'
    refs = parse(body)
    assert [(r.media_id, r.alt, r.caption) for r in refs] == [
        (7, "A cat", 'The "cat"'),
        (3, "", ""),
        (7, "x", ""),
    ]
    assert media_ids(body) == (7, 3)
    assert body[refs[1].start : refs[1].end] == "![](media:3)"


def test_ordinary_images_and_links_are_not_references():
    assert parse("![a](http://x/y.jpg) [media:3](media:3) ![a](media:x)") == []


@given(st.text(max_size=40), st.text(max_size=40), st.integers(1, 10**9))
def test_ref_reads_back(alt, caption, media_id):
    (one,) = parse(ref(media_id, alt, caption))
    assert (one.media_id, one.alt, one.caption) == (
        media_id,
        " ".join(alt.split()),
        " ".join(caption.split()),
    )
