"""`buzzhub import SOURCE_DIR`: convert a Hugo or Jekyll blog into hub articles and report on every file."""
from __future__ import annotations

import sys


def register(sub) -> None:
    p = sub.add_parser("import", help="import a Hugo or Jekyll blog into docs/articles/")
    p.add_argument("source", metavar="SOURCE_DIR", help="a Hugo site, its content folder, or a Jekyll site")
    p.add_argument("--from", dest="flavor", choices=["hugo", "jekyll", "auto"], default="auto")
    p.add_argument("--dry-run", action="store_true", help="report what would happen; write nothing")
    p.add_argument("--report", metavar="FILE.json", help="also write the report as JSON")
    p.add_argument("--report-md", metavar="FILE.md", help="write the Markdown report here instead of stdout")
    p.add_argument("--dest", default="", help="folder for the articles (default: docs/articles)")
    p.add_argument("--category-map", default="", metavar="FILE.yml", help="YAML: source term -> hub category")
    p.add_argument("--default-category", default="", help="when no term maps (default: the first category)")
    p.add_argument("--default-author", default="staff", help="author id for posts without one (default: staff)")
    p.add_argument("--keep-drafts", action="store_true", help="import drafts with draft: true")
    p.add_argument("--include-expired", action="store_true", help="import posts whose expirydate has passed")
    p.add_argument("--overwrite", action="store_true", help="replace target files that differ from this import")
    p.add_argument("--site-url", default="", help="the old site's URL: references to pages not imported link there")
    p.add_argument("--asset-base-url", default="", help="https URL prefix for images not found in SOURCE_DIR")
    p.add_argument("--config", default="mkdocs.yml")
    p.set_defaults(func=run)


def run(args) -> int:
    from ..importer import Options, UsageError, run_import
    from ..importer.report import as_dict, as_markdown, write_json

    opts = Options(source=args.source, flavor=args.flavor, dest=args.dest, dry_run=args.dry_run,
                   keep_drafts=args.keep_drafts, include_expired=args.include_expired, overwrite=args.overwrite,
                   category_map=args.category_map, default_category=args.default_category,
                   default_author=args.default_author, site_url=args.site_url,
                   asset_base_url=args.asset_base_url, config=args.config)
    try:
        job = run_import(opts)
        data = as_dict(job)
        if args.report:
            write_json(data, args.report)
        text = as_markdown(data)
        if args.report_md:
            with open(args.report_md, "w", encoding="utf-8") as fh:
                fh.write(text + "\n")
        else:
            print(text)
    except UsageError as err:
        print(f"buzzhub import: {err}", file=sys.stderr)
        return 2
    except OSError as err:
        print(f"buzzhub import: {err.filename or ''}: {err.strerror}", file=sys.stderr)
        return 2
    return 1 if data["totals"]["rejected"] else 0
