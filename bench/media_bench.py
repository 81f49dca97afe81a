"""Pictures benchmark: an archive of N stories each with its own lead image (N
distinct images), exported in full with an empty resize cache, again unchanged, and
after one new image is set as one story's lead (which must resize that image only).

    .venv/bin/python bench/media_bench.py [--articles 10000] [--size 1200x800] [--keep DIR]

Each export runs in a fresh process; it prints seconds, files, images and images
resized. The originals are JPEGs of `--size` (all distinct: each has its own pixels
in one corner), so resizing dominates a full export.
"""

from __future__ import annotations

import argparse
import io
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CHILD = r"""
import json, sys, time
from datetime import UTC, datetime
from pathlib import Path
from newsroom.core.db import open_database
from newsroom.publish.export import export_site
db = open_database(sys.argv[1])
t = time.perf_counter()
r = export_site(db, Path(sys.argv[2]), now=datetime(2026, 11, 2, tzinfo=UTC),
                image_cache=Path(sys.argv[3]))
print(json.dumps({"seconds": time.perf_counter() - t, "written": r.written,
                  "unchanged": r.unchanged, "removed": r.removed, "pages": r.pages,
                  "images": r.images, "images_resized": r.images_resized,
                  "patched": r.patched}))
"""


def export(db: Path, out: Path, cache: Path) -> dict[str, object]:
    proc = subprocess.run(
        [sys.executable, "-c", CHILD, str(db), str(out), str(cache)],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    return json.loads(proc.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def image(base: object, n: int) -> bytes:
    """A distinct JPEG: the base picture with `n` written into a corner as pixels."""
    from PIL import Image

    assert isinstance(base, Image.Image)
    copy = base.copy()
    for bit in range(24):
        shade = 255 if (n >> bit) & 1 else 0
        copy.paste((shade, shade, shade), (bit * 8, 0, bit * 8 + 8, 8))
    buffer = io.BytesIO()
    copy.save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


def build(db: Path, articles: int, size: tuple[int, int]) -> float:
    from PIL import Image
    from sqlalchemy import insert, select

    from newsroom.core import media
    from newsroom.core.db import open_database
    from newsroom.core.generate import generate
    from newsroom.core.models import Article, ArticleLeadImage

    started = time.perf_counter()
    database = open_database(db)
    generate(database, articles=articles, entities=max(60, articles // 20))
    base = Image.linear_gradient("L").resize(size).convert("RGB")
    with database.transaction() as session:
        ids = list(session.scalars(select(Article.id).order_by(Article.id)))
        rows = []
        for n, article_id in enumerate(ids):
            record, _ = media.add_image(
                session, image(base, n), alt=f"Picture {n}", caption=f"Caption {n}",
                credit="Bench", source=f"bench-{n}.jpg",
            )  # fmt: skip
            rows.append({"article_id": article_id, "media_id": record.id})
        session.execute(insert(ArticleLeadImage), rows)
    database.close()
    return time.perf_counter() - started


def one_new_image(db: Path, size: tuple[int, int]) -> None:
    from PIL import Image
    from sqlalchemy import select

    from newsroom.core import media
    from newsroom.core.db import open_database
    from newsroom.core.models import Article

    database = open_database(db)
    base = Image.linear_gradient("L").resize(size).convert("RGB").rotate(180)
    with database.transaction() as session:
        first = session.scalars(select(Article.id).order_by(Article.id)).first()
        assert first is not None
        record, _ = media.add_image(session, image(base, 1), alt="A new picture")
        media.set_lead_image(session, first, record.id)
    database.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--size", default="1200x800")
    parser.add_argument("--keep", default=None, help="keep the database and sites here")
    args = parser.parse_args()
    size = tuple(int(x) for x in args.size.split("x"))
    assert len(size) == 2
    root = Path(args.keep or tempfile.mkdtemp(prefix="media-bench-"))
    root.mkdir(parents=True, exist_ok=True)
    db, out, cache = root / "bench.db", root / "site", root / "cache"
    for path in (db, out, cache):
        if path.is_dir():
            shutil.rmtree(path)
        elif path.exists():
            path.unlink()
    print(f"building {args.articles:,} stories with {args.articles:,} images of {args.size} ...")
    print(f"  built in {build(db, args.articles, size):.1f} s")  # type: ignore[arg-type]
    full = export(db, out, cache)
    print(f"full export (empty cache): {json.dumps(full)}")
    again = export(db, out, cache)
    print(f"again, nothing changed:    {json.dumps(again)}")
    one_new_image(db, size)  # type: ignore[arg-type]
    new = export(db, out, cache)
    print(f"after one new image:       {json.dumps(new)}")
    assert new["images_resized"] == 1, "one new image must resize only itself"
    if not args.keep:
        shutil.rmtree(root)


if __name__ == "__main__":
    main()
