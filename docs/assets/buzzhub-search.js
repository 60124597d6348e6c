/* AI Buzz Hub search box on Pagefind's JS API (overrides/buzzhub/partials/search-box.html).
 * Nothing is downloaded until the box gets focus: then pagefind.js and its WebAssembly come from
 * this site, and each query fetches only the index chunks and result fragments it needs.
 * Keys: "/" focuses the box, ↑/↓ move through results, Enter opens one, Escape closes. */
(() => {
  "use strict";
  const root = document.querySelector("[data-bh-search]");
  if (!root) return;
  const input = root.querySelector("input");
  const panel = root.querySelector(".bh-search__panel");
  const list = root.querySelector(".bh-search__results");
  const status = root.querySelector(".bh-search__status");
  const selects = [...root.querySelectorAll("select[data-bh-filter]")];
  const SHOWN = 8;          // stories per query: each one costs a fragment download
  const TOPICS = 2;         // entity pages shown above them
  let pagefind = null, loading = null, seq = 0, active = -1, filtersLoaded = false;

  const bundle = new URL(root.dataset.bhBundle, location.href);
  const base = new URL(root.dataset.bhBase + "/", location.href).pathname;

  function load() {
    if (!loading) {
      // A large archive is indexed in shards (buzzhub/search_shards.py): shards.json names the
      // other bundles, merged here so one query searches them all.
      const shards = fetch(new URL("shards.json", bundle)).then((r) => (r.ok ? r.json() : {}))
        .catch(() => ({}));
      loading = Promise.all([import(new URL("pagefind.js", bundle).href), shards]).then(async ([pf, list]) => {
        await pf.options({ basePath: bundle.pathname, baseUrl: base, excerptLength: 24 });
        for (const other of list.bundles || []) {
          await pf.mergeIndex(new URL("../" + other, bundle).pathname, { baseUrl: base, excerptLength: 24 });
        }
        pf.init();
        pagefind = pf;
        return pf;
      });
    }
    return loading;
  }

  async function loadFilters() {
    if (filtersLoaded) return;
    filtersLoaded = true;
    const all = await (await load()).filters();
    for (const sel of selects) {
      const values = Object.keys(all[sel.dataset.bhFilter] || {});
      values.sort(sel.dataset.bhFilter === "year" ? (a, b) => b.localeCompare(a) : (a, b) => a.localeCompare(b));
      for (const v of values) sel.add(new Option(v, v));
    }
  }

  function open(yes) {
    panel.hidden = !yes;
    input.setAttribute("aria-expanded", String(yes));
    if (!yes) { active = -1; input.removeAttribute("aria-activedescendant"); }
  }

  function chosenFilters() {
    const out = {};
    for (const sel of selects) if (sel.value) out[sel.dataset.bhFilter] = sel.value;
    return out;
  }

  // Pagefind escapes page text and wraps hits in <mark>: keep exactly that, nothing else.
  // (A <textarea> decodes entities as text and, unlike a parsed document, keeps edge spaces.)
  const decoder = document.createElement("textarea");
  function decode(s) { decoder.innerHTML = s; return decoder.value; }
  function excerptNode(html) {
    const p = document.createElement("p");
    p.className = "bh-search__excerpt";
    html.split(/(<mark>.*?<\/mark>)/g).forEach((part) => {
      const hit = part.match(/^<mark>(.*)<\/mark>$/);
      const text = decode(hit ? hit[1] : part);
      p.append(hit ? Object.assign(document.createElement("mark"), { textContent: text }) : text);
    });
    return p;
  }

  function item(data, i) {
    const li = document.createElement("li");
    li.id = `bh-search-r${i}`;
    li.setAttribute("role", "option");
    const a = Object.assign(document.createElement("a"), { href: data.url, className: "bh-search__hit" });
    const meta = document.createElement("p");
    meta.className = "bh-search__meta";
    const label = data.meta.category || data.meta.kind || "";
    if (label) meta.append(Object.assign(document.createElement("span"), { className: "bh-search__cat", textContent: label }));
    if (data.meta.date) meta.append(Object.assign(document.createElement("time"), { textContent: data.meta.date_label || data.meta.date, dateTime: data.meta.date }));
    a.append(meta, Object.assign(document.createElement("strong"), { textContent: data.meta.title || data.url }), excerptNode(data.excerpt || ""));
    li.append(a);
    return li;
  }

  async function run() {
    const q = input.value.trim();
    const filters = chosenFilters();
    const mine = ++seq;
    if (!q && !Object.keys(filters).length) { list.replaceChildren(); status.textContent = ""; return; }
    status.textContent = "Searching…";
    const pf = await load();
    // Entity pages first (a name should lead to its page), then stories; both from one index.
    const topics = q && !Object.keys(filters).length ? pf.search(q, { filters: { section: "Entities" } }) : null;
    const [ents, found] = await Promise.all([topics, pf.search(q || null, { filters: { ...filters, section: "Stories" } })]);
    if (mine !== seq || !found) return;   // a newer keystroke won
    const hits = [...(ents ? ents.results.slice(0, TOPICS) : []), ...found.results.slice(0, SHOWN)];
    const page = await Promise.all(hits.map((r) => r.data()));
    if (mine !== seq) return;
    list.replaceChildren(...page.map(item));
    active = -1;
    const n = found.results.length;
    status.textContent = n === 0 ? "No matching stories" : n === 1 ? "1 story" : `${n} stories${n > SHOWN ? `, top ${SHOWN} shown` : ""}`;
  }

  let timer = 0;
  function soon() { clearTimeout(timer); timer = setTimeout(run, 120); }

  function move(step) {
    const items = [...list.children];
    if (!items.length) return;
    active = (active + step + items.length) % items.length;
    items.forEach((li, i) => li.setAttribute("aria-selected", String(i === active)));
    input.setAttribute("aria-activedescendant", items[active].id);
    items[active].scrollIntoView({ block: "nearest" });
  }

  input.addEventListener("focus", () => { load(); open(true); });
  // The filter lists (every entity name on the site) load when a reader reaches for a filter, so a
  // plain first query does not pay for them.
  selects.forEach((s) => ["focus", "pointerdown"].forEach((ev) => s.addEventListener(ev, loadFilters)));
  input.addEventListener("input", soon);
  selects.forEach((s) => s.addEventListener("change", run));
  input.addEventListener("keydown", (e) => {
    if (e.key === "ArrowDown") { e.preventDefault(); move(1); }
    else if (e.key === "ArrowUp") { e.preventDefault(); move(-1); }
    else if (e.key === "Enter" && active >= 0) { e.preventDefault(); list.children[active].querySelector("a").click(); }
    else if (e.key === "Escape") { open(false); input.blur(); }
  });
  // Capture phase on window: runs before Material's own keyboard handler, which would grab "/" too.
  window.addEventListener("keydown", (e) => {
    const t = e.target;
    const typing = t instanceof HTMLElement && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName));
    if (e.key === "/" && !typing && !e.ctrlKey && !e.metaKey && !e.altKey) {
      e.preventDefault(); e.stopPropagation(); input.focus();
    }
  }, { capture: true });
  document.addEventListener("click", (e) => { if (!root.contains(e.target)) open(false); });
  root.addEventListener("focusout", (e) => { if (!root.contains(e.relatedTarget) && e.relatedTarget) open(false); });
})();
