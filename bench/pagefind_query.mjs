// Query a built Pagefind index from Node, offline, as the site's search box would.
//   node bench/pagefind_query.mjs SITE_DIR QUERY [FILTERS_JSON] [RESULTS]
// Prints JSON: {count, results: [{url, title, meta, filters, excerpt}], bytes, files}.
// `bytes` counts every file the query fetched (loader included); the browser's web worker script
// (pagefind-worker.js), which Node does not start, is reported as `worker_bytes` beside it.
import { readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const [site, query, filtersJson = "{}", want = "10"] = process.argv.slice(2);
const files = {};

globalThis.fetch = async (input) => {
  const path = decodeURIComponent(new URL(String(input), "http://site.invalid/").pathname);
  try {
    const body = await readFile(join(site, path));
    files[path] = body.length;
    return new Response(body, { status: 200 });
  } catch {
    return new Response("not found", { status: 404 });
  }
};

const loader = join(site, "pagefind", "pagefind.js");
files["/pagefind/pagefind.js"] = (await stat(loader)).size;
const pagefind = await import(pathToFileURL(loader).href);
await pagefind.options({ basePath: "/pagefind/", baseUrl: "/" });
// Shards (buzzhub/search_shards.py) are merged as the site's search box does.
const manifest = await fetch("/pagefind/shards.json").then((r) => (r.ok ? r.json() : {}));
for (const other of manifest.bundles || []) await pagefind.mergeIndex("/" + other, { baseUrl: "/" });
// UI=1: what the header search box does for a first query: entity pages (2), then stories (8)
// (docs/assets/buzzhub-search.js; filter lists load only when a filter is used).
const ui = process.env.UI === "1";
const topics = ui ? await pagefind.search(query, { filters: { section: "Entities" } }) : null;
const found = await pagefind.search(query === "" ? null : query,
  { filters: ui ? { section: "Stories" } : JSON.parse(filtersJson) });  // "": filters only
const hits = [...(topics ? topics.results.slice(0, 2) : []), ...found.results.slice(0, Number(want))];
const page = await Promise.all(hits.map((r) => r.data()));
const results = page.map((d) => ({ url: d.url, title: d.meta.title, meta: d.meta, filters: d.filters, excerpt: d.excerpt }));
let worker = 0;
try { worker = (await stat(join(site, "pagefind", "pagefind-worker.js"))).size; } catch {}
const bytes = Object.values(files).reduce((a, b) => a + b, 0);
process.stdout.write(JSON.stringify({ count: found.results.length, results, bytes, worker_bytes: worker, files }) + "\n");
