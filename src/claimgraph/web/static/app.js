/* claimgraph front-end: the article view, the corpus view and the paste form.
 *
 * Reads the bundle from <script id="cg-data">. Every element is built with createElement and
 * textContent (never innerHTML): article text is data, and data must never become markup. */
(function () {
  'use strict';

  // PLOVER quad classes colour the network edges and the map points.
  const QUADS = [
    { key: 'vcoop', label: 'verbal cooperation', color: '#2f9e44', types: ['AGREE', 'CONSULT', 'SUPPORT'] },
    { key: 'mcoop', label: 'material cooperation', color: '#1c7ed6', types: ['CONCEDE', 'COOPERATE', 'AID', 'RETREAT'] },
    { key: 'vconf', label: 'verbal conflict', color: '#f08c00', types: ['REQUEST', 'ACCUSE', 'REJECT', 'THREATEN'] },
    { key: 'mconf', label: 'material conflict', color: '#e03131', types: ['PROTEST', 'SANCTION', 'MOBILIZE', 'COERCE', 'ASSAULT'] },
  ];
  const QUAD_OF = new Map(QUADS.flatMap((q) => q.types.map((t) => [t, q])));
  const PLOVER = QUADS.flatMap((q) => q.types);
  // Many actor kinds, few colours: kinds fold into families (the CSS uses the same fam-* names).
  const FAMILY = {
    person: 'person', country: 'state', government: 'state', legislature: 'state', state: 'state',
    military: 'military', military_unit: 'military', police: 'military',
    paramilitary: 'armed', armed_group: 'armed', militia: 'armed', rebel: 'armed', insurgent: 'armed',
    organization: 'org', organisation: 'org', political_party: 'org', political_coalition: 'org',
    igo: 'org', ngo: 'org', company: 'org', media: 'org',
  };
  const FAMILY_COLOR = { person: '#7048e8', state: '#1864ab', military: '#5c940d', armed: '#c2255c', org: '#0b7285', group: '#868e96' };
  const LAYER_DATA = { actors: 'mentions', events: 'events', claims: 'claims', techniques: 'techniques' };
  const EVENT_CAP = 500; // rows in the corpus event list
  const NODE_CAP = 150; // actors in the network: cose layout is quadratic
  const SVGNS = 'http://www.w3.org/2000/svg';

  const $ = (id) => document.getElementById(id);
  const bundle = JSON.parse($('cg-data').textContent);
  const server = bundle.mode === 'server';
  const api = bundle.api || '/api';
  const graphs = new Map(Object.entries(bundle.graphs || {}));
  for (const key of ['documents', 'actors', 'events', 'clusters']) bundle[key] = bundle[key] || [];

  const data = { docs: new Map(), actors: new Map(), clusters: new Map(), events: [] };
  const ui = { loaded: !server, corpusDirty: true, lastFilter: null, cluster: null, cy: null,
    currentDoc: null, article: null, hidden: new Set(), tipFor: null, claimTypes: new WeakMap() };

  // ------------------------------------------------------------------ small helpers
  function h(tag, attrs, ...children) {
    const node = document.createElement(tag);
    setAttrs(node, attrs);
    for (const c of children) if (c != null && c !== '') node.append(c); // strings become text nodes
    return node;
  }
  function s(tag, attrs, ...children) {
    const node = document.createElementNS(SVGNS, tag);
    setAttrs(node, attrs);
    for (const c of children) if (c != null) node.append(c);
    return node;
  }
  function setAttrs(node, attrs) {
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v == null || v === false) continue;
      if (k === 'text') node.textContent = v;
      else node.setAttribute(k, String(v)); // attribute names only ever come from this file
    }
  }
  const slug = (x) => String(x || 'unknown').toLowerCase().replace(/[^a-z0-9_-]+/g, '-');
  const family = (kind) => FAMILY[kind] || 'group';
  const short = (x, n) => (x && x.length > n ? x.slice(0, n - 1) + '…' : x || '');
  const pct = (x) => (x == null ? '—' : `${Math.round(x * 100)}%`);
  const num = (x) => (x == null ? '—' : Number(x).toLocaleString('en', { maximumFractionDigits: 1 }));
  const docHref = (id) => '#doc/' + encodeURIComponent(id);
  const svgTitle = (text) => s('title', { text });

  function fmtSpan(start, end, precision) {
    if (precision === 'year' && start) return start.slice(0, 4);
    if (precision === 'month' && start) return start.slice(0, 7);
    if (!end || end === start) return start || end || '';
    return start ? `${start} – ${end}` : end;
  }
  function badge(type) {
    return h('span', { class: `badge badge-${slug(type)}`, text: String(type).replace(/_/g, ' ') });
  }
  function typeChip(type, mode) {
    const q = QUAD_OF.get(type);
    return h('span', { class: `ptype q-${q ? q.key : 'none'}`, title: q ? q.label : null,
      text: mode ? `${type} (${mode})` : type });
  }
  function setStatus(text) { $('status').textContent = text; }

  // ------------------------------------------------------------------ data
  async function getJSON(url, options) {
    const res = await fetch(url, options);
    let body = null;
    try { body = await res.json(); } catch (_) { /* an error page that is not JSON */ }
    if (!res.ok) throw new Error(`HTTP ${res.status}: ${errorDetail(body) || res.statusText}`);
    return body;
  }
  function errorDetail(body) {
    const d = body && body.detail;
    if (d == null) return '';
    if (typeof d === 'string') return d;
    if (Array.isArray(d)) {  // FastAPI validation errors: [{loc, msg}, ...]
      return d.map((x) => [(x.loc || []).slice(1).join('.'), x.msg].filter(Boolean).join(': ')).join('; ');
    }
    return JSON.stringify(d);
  }

  // The server sends an empty shell; the lists come from the paginated API in one page each.
  async function loadLists() {
    const missing = ['documents', 'actors', 'events', 'clusters'].filter((k) => !bundle[k].length);
    setStatus('Loading corpus…');
    const pages = await Promise.all(missing.map((k) => getJSON(`${api}/${k}?limit=100000`)));
    missing.forEach((k, i) => { bundle[k] = pages[i].items || []; });
    setStatus('');
  }

  function indexData() {
    data.docs = new Map(bundle.documents.map((d) => [d.id, d]));
    data.actors = new Map(bundle.actors.map((a) => [a.id, a]));
    data.clusters = new Map(bundle.clusters.map((c) => [c.id, c]));
    data.events = bundle.events;
    for (const e of data.events) {
      // dates as ISO strings compare correctly as strings; undated events use the publication date
      e._start = e.time_start || e.time_end || e.published || null;
      e._end = e.time_end || e.time_start || e.published || null;
    }
  }

  function actorLabel(id, fallback) {
    if (!id) return fallback || '?';
    const a = data.actors.get(id);
    return (a && a.name) || fallback || id;
  }

  // A claim's source type is only known when its document graph is loaded.
  function claimType(docId, claimId) {
    const g = graphs.get(docId);
    if (!g) return null;
    let types = ui.claimTypes.get(g);
    if (!types) ui.claimTypes.set(g, types = new Map((g.claims || []).map((c) => [c.id, c.source_type])));
    return types.get(claimId) || null;
  }
  // Who an event is known from: a claim's source type, 'reported' when that type is unknown,
  // or null when the text itself states it.
  function sourceOf(e) {
    if (!e.claim_id) return null;
    const t = claimType(e.document_id, e.claim_id);
    return t === 'author' ? null : t || 'reported';
  }
  function knownMatches(e, want) {
    const src = sourceOf(e);
    if (want === 'asserted') return !src && e.modality === 'asserted';
    if (want === 'reported') return !!src || e.modality === 'reported';
    return src === want;
  }
  function sourcesOf(e) {
    if (e.independent_sources != null) return e.independent_sources;
    const c = data.clusters.get(e.cluster_id);
    return c && c.independent_sources != null ? c.independent_sources : 1;
  }
  function outletName(o) {
    if (!o || !o.startsWith('document:')) return o || '';
    const d = data.docs.get(o.slice('document:'.length));
    return d ? d.source || `“${short(d.title, 40)}”` : 'unnamed document';
  }

  // ------------------------------------------------------------------ navigation
  function renderDocList() {
    const frag = document.createDocumentFragment();
    for (const d of bundle.documents) {
      const meta = [d.source, d.published, d.genre].filter(Boolean).join(' · ');
      frag.append(h('li', null, h('a', { class: 'doc-link', href: docHref(d.id), 'data-id': d.id,
        title: meta || null }, d.title || d.id)));
    }
    $('document-list').replaceChildren(frag);
    filterDocList();
  }
  function filterDocList() {
    const q = $('doc-filter').value.trim().toLowerCase();
    for (const li of $('document-list').children) {
      li.hidden = !!q && !li.textContent.toLowerCase().includes(q);
    }
  }
  function markCurrent(view, id) {
    $('nav-corpus').toggleAttribute('aria-current', view === 'corpus');
    if (server) $('nav-analyze').toggleAttribute('aria-current', view === 'analyze');
    for (const a of $('document-list').querySelectorAll('a.doc-link')) {
      a.toggleAttribute('aria-current', view === 'article' && a.getAttribute('data-id') === id);
    }
  }

  function parseHash() {
    const hash = location.hash.slice(1);
    if (hash.startsWith('doc/')) {
      try { return { view: 'article', id: decodeURIComponent(hash.slice(4)) }; } catch (_) { /* bad escape */ }
    }
    if (hash === 'corpus') return { view: 'corpus' };
    if (hash === 'analyze' && server) return { view: 'analyze' };
    if (bundle.documents.length === 1) return { view: 'article', id: bundle.documents[0].id };
    return { view: 'corpus' };
  }

  function route() {
    const { view, id } = parseHash();
    hideTip();
    for (const name of ['article', 'corpus', 'analyze']) if ($(name)) $(name).hidden = name !== view;
    markCurrent(view, id);
    if (view === 'article') openDocument(id);
    if (view === 'corpus' && ui.loaded) {
      if (ui.corpusDirty) renderCorpus(true);
      else if (ui.cy) ui.cy.resize();
    }
  }

  // ------------------------------------------------------------------ article view
  async function openDocument(id) {
    if (ui.currentDoc === id) return;
    ui.currentDoc = id;
    let graph = graphs.get(id);
    if (!graph && server) {
      articleMessage('Loading…');
      try {
        graph = await getJSON(`${api}/documents/${encodeURIComponent(id)}`);
        graphs.set(id, graph);
        ui.corpusDirty = true; // its claims now tell the corpus filter their source types
      } catch (err) {
        if (ui.currentDoc === id) { ui.currentDoc = null; articleMessage(err.message); }
        return;
      }
    }
    if (ui.currentDoc !== id) return; // the user moved on while it loaded
    if (!graph) { ui.currentDoc = null; articleMessage(`No document ${id} in this report.`); return; }
    renderArticle(graph);
  }

  function articleMessage(text) {
    $('article-title').textContent = text;
    $('article-meta').replaceChildren();
    $('article-text').replaceChildren();
    $('events-table').tBodies[0].replaceChildren();
    $('how-known').replaceChildren();
  }

  function renderArticle(g) {
    const doc = g.document;
    const summary = data.docs.get(doc.id) || {};
    const actors = new Map((g.actors || []).map((a) => [a.id, a]));
    ui.article = { g, actors };
    $('article-title').textContent = doc.title || summary.title || doc.id;
    const meta = [doc.source, doc.published, doc.genre && doc.genre.replace(/_/g, ' '),
      g.stats && g.stats.words ? `${num(g.stats.words)} words` : null].filter(Boolean).join(' · ');
    const link = /^https?:\/\//i.test(doc.url || '')
      ? h('a', { href: doc.url, rel: 'noopener noreferrer', target: '_blank' }, 'original') : null;
    $('article-meta').replaceChildren(...[meta, link && ' · ', link].filter(Boolean));
    $('article-text').replaceChildren(annotatedText(doc.text || '', collectSpans(g, actors)));
    renderEventsTable(g, actors);
    renderHowKnown(g);
  }

  // Every highlight as {s, e, layer, i, cls}; layer names the data-* attribute holding index i.
  function collectSpans(g, actors) {
    const out = [];
    const add = (span, layer, i, cls, src) => {
      if (span && Number.isInteger(span.start) && span.end > span.start) out.push({ s: span.start, e: span.end, layer, i, cls, src });
    };
    (g.mentions || []).forEach((m, i) => {
      const kind = (actors.get(m.actor_id) || {}).kind || 'unresolved';
      add(m.span, 'mentions', i, `ann-actor kind-${slug(kind)} fam-${family(kind)}`);
    });
    (g.events || []).forEach((e, i) => add(e.trigger, 'events', i, 'ann-event'));
    (g.claims || []).forEach((c, i) => {
      add(c.source_span, 'claims', i, 'ann-claim-source', c.source_type);
      add(c.cue_span, 'claims', i, 'ann-claim-cue', c.source_type);
      add(c.content_span, 'claims', i, 'ann-claim-content', c.source_type);
    });
    (g.techniques || []).forEach((t, i) => add(t.span, 'techniques', i, 'ann-technique'));
    return out;
  }

  // Python offsets count code points, JS strings count UTF-16 units: map one to the other so
  // emoji and other astral characters do not shift the spans after them.
  function codePointIndex(text) {
    const map = [0];
    let u = 0;
    for (const ch of text) { u += ch.length; map.push(u); }
    return map;
  }

  // Cut the text at every span boundary; each piece under an annotation becomes one flat
  // span.ann carrying the classes and indices of all annotations covering it.
  function annotatedText(text, anns) {
    const toU16 = codePointIndex(text);
    const n = toU16.length - 1;
    const cuts = new Set([0, n]);
    const starts = new Map();
    for (const a of anns) {
      a.s = Math.min(a.s, n); a.e = Math.min(a.e, n);
      if (a.e <= a.s) continue;
      cuts.add(a.s); cuts.add(a.e);
      if (!starts.has(a.s)) starts.set(a.s, []);
      starts.get(a.s).push(a);
    }
    const points = [...cuts].sort((x, y) => x - y);
    const frag = document.createDocumentFragment();
    let active = [];
    for (let k = 0; k < points.length - 1; k++) {
      const p = points[k];
      const piece = text.slice(toU16[p], toU16[points[k + 1]]);
      active = active.filter((a) => a.e > p).concat(starts.get(p) || []);
      frag.append(active.length ? segment(piece, active, p) : piece);
    }
    return frag;
  }

  function segment(piece, active, p) {
    const classes = new Set(['ann']);
    const idx = { mentions: new Set(), events: new Set(), claims: new Set(), techniques: new Set() };
    let claim = null; // the innermost claim here tints the background by its source type
    for (const a of active) {
      for (const c of a.cls.split(' ')) classes.add(c);
      if (a.cls === 'ann-claim-cue' && a.s === p) classes.add('cue-start'); // one left border per cue
      if (a.src && (!claim || a.s >= claim.s)) claim = a;
      idx[a.layer].add(a.i);
    }
    if (claim) classes.add(`src-${slug(claim.src)}`);
    const span = h('span', { class: [...classes].join(' ') }, piece);
    for (const [layer, set] of Object.entries(idx)) if (set.size) span.dataset[layer] = [...set].join(' ');
    return span;
  }

  function eventWho(e, name) {
    return [name(e.source_actor), typeChip(e.plover_type, e.plover_mode), name(e.target_actor)];
  }

  function renderEventsTable(g, actors) {
    const name = (id) => (id ? (actors.get(id) || {}).name || actorLabel(id) : '—');
    const frag = document.createDocumentFragment();
    const order = (g.events || []).map((e, i) => [e, i]).sort((a, b) => ((a[0].trigger || {}).start || 0) - ((b[0].trigger || {}).start || 0));
    for (const [e, i] of order) {
      const [src, chip, tgt] = eventWho(e, name);
      const when = e.time ? fmtSpan(e.time.start, e.time.end, e.time.precision) || e.time.text : '';
      const row = h('tr', { class: 'event-row', 'data-event': i, title: 'Show in the text' },
        h('td', null, h('div', { class: 'nowrap' }, when || '—'), h('div', { class: 'muted' }, e.place ? e.place.name : '')),
        h('td', null, h('div', null, src, ' → ', chip, ' → ', tgt),
          h('div', { class: 'quote' }, `“${short(e.span && e.span.text, 140)}”`)),
        h('td', null, badge(e.modality)));
      frag.append(row);
    }
    $('events-table').tBodies[0].replaceChildren(frag);
  }

  function showTrigger(i) {
    const seg = $('article-text').querySelector(`.ann-event[data-events~="${Number(i)}"]`);
    if (!seg) return;
    seg.scrollIntoView({ block: 'center', behavior: 'smooth' });
    seg.classList.add('flash');
    setTimeout(() => seg.classList.remove('flash'), 1500);
  }

  function renderHowKnown(g) {
    const st = g.stats || {};
    const shares = Object.entries(st.claims_by_source_type || {}).sort((a, b) => b[1] - a[1]);
    const bars = h('ul', { class: 'shares' });
    for (const [type, share] of shares) {
      const fill = h('span', { class: `bar-fill badge-${slug(type)}` });
      fill.style.width = pct(share);
      bars.append(h('li', null, badge(type), h('span', { class: 'bar' }, fill), h('span', { class: 'num' }, pct(share))));
    }
    const frames = (g.document.frames || []).map((f) => {
      const score = (st.frame_scores || {})[f];
      return `${f.replace(/_/g, ' ')}${score != null ? ` (${num(score)} per 1k words)` : ''}`;
    });
    const facts = h('dl', null,
      h('dt', null, 'Claims'), h('dd', null, String((g.claims || []).length)),
      h('dt', null, 'Anonymous share'), h('dd', { title: 'anonymous claims / attributed (non-author) claims' }, pct(st.anonymous_claim_share)),
      h('dt', null, 'Techniques per 1,000 words'), h('dd', null, num(st.technique_density_per_1k_words)),
      h('dt', null, 'Genre'), h('dd', null, (g.document.genre || 'unknown').replace(/_/g, ' ')),
      h('dt', null, 'Frames'), h('dd', null, frames.join('; ') || 'none detected'));
    const techs = h('ul', { class: 'technique-counts' });
    for (const [label, n] of Object.entries(st.technique_counts || {}).sort((a, b) => b[1] - a[1])) {
      techs.append(h('li', null, h('span', { class: 'tech-label' }, label), h('span', { class: 'num' }, String(n))));
    }
    $('how-known').replaceChildren(
      h('h4', null, 'Claims by source type'), shares.length ? bars : h('p', { class: 'muted' }, 'No claims found.'),
      facts, h('h4', null, 'Techniques'), techs.children.length ? techs : h('p', { class: 'muted' }, 'None detected.'));
  }

  // ------------------------------------------------------------------ tooltip
  function tipRow(kind, ...parts) {
    return h('div', { class: 'tip-row' }, h('span', { class: 'tip-kind' }, kind), ...parts);
  }
  function tipActor(m, actors) {
    const a = actors.get(m.actor_id) || data.actors.get(m.actor_id);
    if (!a) return tipRow('actor', `“${m.span.text}” · not resolved (${m.label})`);
    const where = [a.country, a.sector].filter(Boolean).join(' ');
    const kb = a.wikidata ? `Wikidata ${a.wikidata}` : a.in_kb ? 'in KB' : 'not in KB';
    return tipRow(`actor · ${(a.kind || '').replace(/_/g, ' ')}`, [a.name, where, kb].filter(Boolean).join(' · '));
  }
  function tipEvent(e, actors) {
    const name = (id) => (id ? (actors.get(id) || {}).name || actorLabel(id) : '?');
    const time = e.time ? fmtSpan(e.time.start, e.time.end, e.time.precision) || e.time.text : '';
    const head = `${e.plover_type}${e.plover_mode ? ` (${e.plover_mode})` : ''}`;
    const parts = [head, e.modality, time, e.place && e.place.name, `${name(e.source_actor)} → ${name(e.target_actor)}`];
    return tipRow('event', parts.filter(Boolean).join(' · '));
  }
  function tipClaim(c, actors) {
    const speaker = c.source_span ? c.source_span.text
      : c.source_type === 'author' ? 'the author' : (actors.get(c.speaker_actor) || {}).name;
    return tipRow('claim', badge(c.source_type), ` · ${c.certainty} · author ${c.author_stance}`,
      speaker ? h('div', null, `Source: ${speaker}`) : null,
      c.content_span ? h('div', { class: 'tip-quote' }, `“${short(c.content_span.text, 220)}”`) : null);
  }
  function tipTechnique(t) {
    return tipRow('technique', `${t.label} (${Math.round((t.confidence || 0) * 100)}%)`);
  }

  function tooltipRows(seg) {
    const { g, actors } = ui.article;
    const ids = (layer) => (ui.hidden.has(layer) ? []
      : (seg.dataset[LAYER_DATA[layer]] || '').split(' ').filter(Boolean).map(Number));
    return [
      ...ids('actors').map((i) => tipActor(g.mentions[i], actors)),
      ...ids('events').map((i) => tipEvent(g.events[i], actors)),
      ...ids('claims').map((i) => tipClaim(g.claims[i], actors)),
      ...ids('techniques').map((i) => tipTechnique(g.techniques[i])),
    ];
  }

  function onTextOver(ev) {
    const seg = ev.target.closest ? ev.target.closest('.ann') : null;
    if (!seg || seg === ui.tipFor || !ui.article) return;
    ui.tipFor = seg;
    const rows = tooltipRows(seg);
    if (!rows.length) { hideTip(); return; }
    const tip = $('tooltip');
    tip.replaceChildren(...rows);
    tip.hidden = false;
    // below-right of the cursor, flipped when it would leave the window
    const box = tip.getBoundingClientRect();
    const x = ev.clientX + 14 + box.width > innerWidth ? Math.max(4, ev.clientX - box.width - 8) : ev.clientX + 14;
    const y = ev.clientY + 18 + box.height > innerHeight ? Math.max(4, ev.clientY - box.height - 10) : ev.clientY + 18;
    tip.style.left = `${x}px`;
    tip.style.top = `${y}px`;
  }
  function onTextOut(ev) {
    const seg = ev.target.closest ? ev.target.closest('.ann') : null;
    if (seg && !seg.contains(ev.relatedTarget)) hideTip();
  }
  function hideTip() { ui.tipFor = null; $('tooltip').hidden = true; }

  // ------------------------------------------------------------------ corpus view
  function fillFilterOptions() {
    const count = new Map();
    const names = new Map();
    for (const e of data.events) {
      for (const [id, nm] of [[e.source_actor, e.source_name], [e.target_actor, e.target_name]]) {
        if (!id) continue;
        count.set(id, (count.get(id) || 0) + 1);
        if (!names.has(id)) names.set(id, actorLabel(id, nm));
      }
    }
    const sel = $('filter-actor');
    const keep = sel.value;
    const opts = [...names].sort((a, b) => a[1].localeCompare(b[1]));
    sel.replaceChildren(h('option', { value: '' }, 'all actors'),
      ...opts.map(([id, nm]) => h('option', { value: id }, `${nm} (${count.get(id)})`)));
    sel.value = keep;
    const types = new Set(data.events.map((e) => e.plover_type));
    const tsel = $('filter-type');
    const tkeep = tsel.value;
    tsel.replaceChildren(h('option', { value: '' }, 'all types'),
      ...PLOVER.filter((t) => types.has(t)).map((t) => h('option', { value: t }, t)));
    tsel.value = tkeep;
  }

  function currentFilters() {
    return { actor: $('filter-actor').value, type: $('filter-type').value,
      since: $('filter-since').value, until: $('filter-until').value,
      known: $('filter-source-type').value,
      minSources: Math.max(0, parseInt($('filter-min-sources').value, 10) || 0), cluster: ui.cluster };
  }

  function passes(e, f) {
    if (f.actor && e.source_actor !== f.actor && e.target_actor !== f.actor) return false;
    if (f.type && e.plover_type !== f.type) return false;
    if (f.since && !(e._end && e._end >= f.since)) return false; // overlaps the range
    if (f.until && !(e._start && e._start <= f.until)) return false;
    if (f.minSources && sourcesOf(e) < f.minSources) return false;
    if (f.cluster != null && e.cluster_id !== f.cluster) return false;
    return !f.known || knownMatches(e, f.known);
  }

  function renderCorpus(force) {
    const f = currentFilters();
    const key = JSON.stringify(f);
    if (!force && key === ui.lastFilter) return; // 'input' and 'change' both fire for one edit
    ui.lastFilter = key;
    ui.corpusDirty = false;
    const events = data.events.filter((e) => passes(e, f));
    const clusterIds = new Set(events.map((e) => e.cluster_id));
    const clusters = bundle.clusters.filter((c) => clusterIds.has(c.id));
    renderClusterChip();
    renderEventList(events);
    renderTimeline(clusters);
    renderMap(events);
    renderNetwork(events, f.actor);
  }

  function renderClusterChip() {
    const box = $('filter-cluster');
    if (ui.cluster == null) { box.replaceChildren(); return; }
    const btn = h('button', { type: 'button', class: 'chip', title: 'Show all clusters' }, `cluster ${ui.cluster} ×`);
    btn.addEventListener('click', () => { ui.cluster = null; renderCorpus(); });
    box.replaceChildren(btn);
  }

  function resetFilters(ev) {
    ev.preventDefault(); // reset by hand so the view re-filters after the values change
    for (const id of ['filter-actor', 'filter-type', 'filter-since', 'filter-until', 'filter-source-type']) $(id).value = '';
    $('filter-min-sources').value = '0';
    ui.cluster = null;
    renderCorpus();
  }

  function ensureActorOption(id) {
    const sel = $('filter-actor');
    if (![...sel.options].some((o) => o.value === id)) sel.append(h('option', { value: id }, actorLabel(id)));
  }

  // --- network
  function networkStyle() {
    return [
      { selector: 'node', style: { 'background-color': 'data(color)', width: 'data(size)', height: 'data(size)',
        label: 'data(label)', 'font-size': 10, color: '#222', 'text-valign': 'bottom', 'text-margin-y': 3,
        'text-wrap': 'ellipsis', 'text-max-width': '140px', 'text-outline-color': '#fff', 'text-outline-width': 2 } },
      // actors with no drawn edge stay unlabelled until hovered: their labels would pile up
      { selector: 'node.quiet', style: { label: '' } },
      { selector: 'node.quiet.hover, node.selected', style: { label: 'data(label)' } },
      { selector: 'node.selected', style: { 'border-width': 4, 'border-color': '#f59f00', 'font-weight': 'bold' } },
      { selector: 'edge', style: { width: 'data(width)', 'line-color': 'data(color)', 'target-arrow-color': 'data(color)',
        'target-arrow-shape': 'triangle', 'curve-style': 'bezier', opacity: 0.75, 'arrow-scale': 0.8 } },
    ];
  }

  function renderNetwork(events, selected) {
    const box = $('network');
    if (typeof window.cytoscape !== 'function') { box.textContent = 'Network library missing.'; return; }
    box.setAttribute('data-ready', '0');
    const weight = new Map();
    for (const e of events) for (const id of [e.source_actor, e.target_actor]) if (id) weight.set(id, (weight.get(id) || 0) + 1);
    const mentions = (id) => (data.actors.get(id) || {}).mentions || 0;
    let ids = [...weight.keys()].sort((a, b) => weight.get(b) - weight.get(a) || mentions(b) - mentions(a) || (a < b ? -1 : 1));
    const total = ids.length + (selected && !weight.has(selected) ? 1 : 0);
    ids = ids.slice(0, NODE_CAP);
    if (selected && !ids.includes(selected)) ids.push(selected);
    const keep = new Set(ids);
    const maxM = Math.max(1, ...ids.map(mentions));
    const nodes = ids.map((id, k) => {
      const a = data.actors.get(id) || {};
      const angle = (2 * Math.PI * k) / ids.length; // deterministic start: cose then needs no randomness
      return { group: 'nodes', classes: id === selected ? 'selected' : '',
        position: { x: 300 * Math.cos(angle), y: 300 * Math.sin(angle) },
        data: { id, label: a.name || actorLabel(id), size: 14 + 36 * Math.sqrt(mentions(id) / maxM),
          color: FAMILY_COLOR[family(a.kind)] } };
    });
    // one edge per (source, target, quad class), wider with more events
    const edges = new Map();
    for (const e of events) {
      if (!keep.has(e.source_actor) || !keep.has(e.target_actor)) continue;
      const q = QUAD_OF.get(e.plover_type) || QUADS[0];
      const k = `${e.source_actor}\u0000${e.target_actor}\u0000${q.key}`;
      if (!edges.has(k)) edges.set(k, { source: e.source_actor, target: e.target_actor, color: q.color, n: 0 });
      edges.get(k).n += 1;
    }
    const edgeEls = [...edges.values()].map((d, k) => ({ group: 'edges',
      data: { id: `e${k}`, source: d.source, target: d.target, color: d.color, width: 1.5 + 2 * Math.log2(d.n) } }));
    if (!ui.cy) {
      ui.cy = window.cytoscape({ container: box, style: networkStyle(), minZoom: 0.2, maxZoom: 4 });
      window.cgNetwork = ui.cy;
      ui.cy.on('tap', 'node', (ev) => {
        const id = ev.target.id();
        const sel = $('filter-actor');
        ensureActorOption(id);
        sel.value = sel.value === id ? '' : id; // a second tap clears the filter
        queueMicrotask(() => renderCorpus()); // not while cytoscape is still dispatching the tap
      });
      ui.cy.on('mouseover', 'node', (ev) => ev.target.addClass('hover'));
      ui.cy.on('mouseout', 'node', (ev) => ev.target.removeClass('hover'));
    }
    const cy = ui.cy;
    cy.batch(() => {
      cy.elements().remove();
      cy.add([...nodes, ...edgeEls]);
      cy.nodes().filter((n) => n.degree() === 0).addClass('quiet');
    });
    cy.resize();
    cy.layout({ name: 'cose', randomize: false, animate: false, fit: true, padding: 24, numIter: 600,
      idealEdgeLength: () => 70, nodeRepulsion: () => 6000, componentSpacing: 20, gravity: 20 }).run();
    if (cy.zoom() > 1.3) { cy.zoom(1.3); cy.center(); } // a handful of nodes should not fill the box
    $('network-note').textContent = total > ids.length ? `(${ids.length} of ${total} actors)` : `(${ids.length} actors)`;
    box.setAttribute('data-ready', '1');
  }

  // --- timeline
  const DAY = 86400000;
  function mixClass(c) {
    const k = c.knowledge || {};
    let total = 0; let asserted = 0; let reported = 0; let negated = 0;
    for (const [key, n] of Object.entries(k)) {
      total += n;
      if (key === 'asserted') asserted += n;
      else if (key.startsWith('reported')) reported += n;
      else if (key === 'negated') negated += n;
    }
    if (negated) return 'mix-negated';
    if (!total) return 'mix-other';
    if (asserted / total >= 0.5) return 'mix-asserted';
    return reported / total >= 0.5 ? 'mix-reported' : 'mix-other';
  }
  const MIX_LABELS = { 'mix-asserted': 'mostly asserted', 'mix-reported': 'mostly reported',
    'mix-negated': 'with negation', 'mix-other': 'hypothetical / predicted' };

  // A few far-off dates (background history, a misread year) would squash the rest into a
  // sliver, so the axis spans the central 90% and outliers sit in "earlier"/"later" gutters.
  function timeDomain(times) {
    const q = (p) => times[Math.min(times.length - 1, Math.floor(p * times.length))];
    let lo = times[0]; let hi = times[times.length - 1];
    if (times.length >= 10 && hi - lo > 4 * (q(0.95) - q(0.05))) { lo = q(0.05); hi = q(0.95); }
    const pad = Math.max(DAY, (hi - lo) * 0.04);
    return [lo - pad, hi + pad];
  }

  function renderTimeline(clusters) {
    const svg = $('timeline');
    const W = 1000; const H = 220; const m = { l: 40, r: 14, t: 18, b: 30 }; const gutter = 44;
    svg.setAttribute('viewBox', `0 0 ${W} ${H}`);
    const items = clusters.map((c) => {
      const a = Date.parse(c.time_start || c.time_end); const b = Date.parse(c.time_end || c.time_start);
      return { c, t: (a + b) / 2 };
    }).filter((x) => Number.isFinite(x.t)).sort((x, y) => x.t - y.t || (x.c.id < y.c.id ? -1 : 1));
    if (!items.length) {
      svg.replaceChildren(s('text', { x: W / 2, y: H / 2, class: 'empty', 'text-anchor': 'middle', text: 'No dated clusters for these filters.' }));
      return;
    }
    const [t0, t1] = timeDomain(items.map((x) => x.t));
    const early = items[0].t < t0; const late = items[items.length - 1].t > t1;
    const left = m.l + (early ? gutter : 0); const right = W - m.r - (late ? gutter : 0);
    const x = (t) => (t < t0 ? m.l + gutter / 2 : t > t1 ? W - m.r - gutter / 2 : left + ((t - t0) / (t1 - t0)) * (right - left));
    const maxSrc = Math.max(1, ...items.map((i) => i.c.independent_sources || 0));
    const y = (v) => H - m.b - (v / maxSrc) * (H - m.t - m.b - 14);
    const axis = s('g', { class: 'axis' });
    const step = Math.max(1, Math.ceil(maxSrc / 5));
    for (let v = 0; v <= maxSrc; v += step) {
      axis.append(s('line', { x1: m.l, x2: W - m.r, y1: y(v), y2: y(v), class: 'grid' }),
        s('text', { x: m.l - 6, y: y(v) + 4, 'text-anchor': 'end', text: String(v) }));
    }
    const long = t1 - t0 > 700 * DAY;
    const ticks = Math.max(2, Math.min(7, Math.round((t1 - t0) / DAY)));
    for (let k = 1; k < ticks; k++) {
      const t = long ? t0 + ((t1 - t0) * k) / ticks : Math.round((t0 + ((t1 - t0) * k) / ticks) / DAY) * DAY;
      axis.append(s('line', { x1: x(t), x2: x(t), y1: y(0), y2: y(0) + 4, class: 'tick' }),
        s('text', { x: x(t), y: H - 10, 'text-anchor': 'middle', text: new Date(t).toISOString().slice(0, long ? 7 : 10) }));
    }
    if (early) axis.append(s('rect', { x: m.l, y: m.t, width: gutter - 4, height: y(0) - m.t, class: 'gutter' }),
      s('text', { x: m.l + gutter / 2, y: H - 10, 'text-anchor': 'middle', class: 'gutter', text: '‹ earlier' }));
    if (late) axis.append(s('rect', { x: W - m.r - gutter + 4, y: m.t, width: gutter - 4, height: y(0) - m.t, class: 'gutter' }),
      s('text', { x: W - m.r - gutter / 2, y: H - 10, 'text-anchor': 'middle', class: 'gutter', text: 'later ›' }));
    // bars on the same spot stand side by side, as close to their date as room allows
    const bw = Math.max(2, Math.min(14, ((right - left) / items.length) * 0.5));
    const bars = s('g', { class: 'bars' });
    const zones = [[items.filter((i) => i.t < t0), m.l, m.l + gutter - 4],
      [items.filter((i) => i.t >= t0 && i.t <= t1), left, right],
      [items.filter((i) => i.t > t1), W - m.r - gutter + 4, W - m.r]];
    for (const [zone, lo, hi] of zones) {
      const step = Math.min(bw + 1, (hi - lo) / Math.max(1, zone.length)); // thousands of bars: let them touch
      const w = Math.max(1, step - 1);
      packBars(zone.map((i) => x(i.t) - w / 2), step, lo, hi).forEach((bx, k) => bars.append(...clusterBar(zone[k].c, bx, w, y)));
    }
    svg.replaceChildren(axis, bars);
  }

  // 1-D packing: push overlapping bars right, then back left where they ran past the end.
  function packBars(ideal, step, lo, hi) {
    const pos = [];
    ideal.forEach((p, k) => pos.push(Math.max(p, lo, k ? pos[k - 1] + step : -Infinity)));
    for (let k = pos.length - 1; k >= 0; k--) {
      pos[k] = Math.min(pos[k], k === pos.length - 1 ? hi - step : pos[k + 1] - step);
    }
    return pos;
  }

  function clusterBar(c, bx, bw, y) {
    const top = Math.min(y(c.independent_sources || 0), y(0) - 2); // zero sources still shows a stub
    const contradicted = (c.contradictions || []).length > 0;
    const tip = [`${c.plover_type} · ${fmtSpan(c.time_start, c.time_end)}`,
      `${c.independent_sources || 0} independent source(s) · ${c.corroboration || ''} · ${MIX_LABELS[mixClass(c)]}`,
      `${c.n_events || (c.events || []).length} event(s) in ${c.n_documents || (c.documents || []).length} document(s)`,
      `outlets: ${(c.outlets || []).map(outletName).join(', ') || '—'}`,
      contradicted ? `CONTRADICTED: ${c.contradictions.map((d) => d.kind).join(', ')}` : null,
      'click: show only this cluster'].filter(Boolean).join('\n');
    const rect = s('rect', { x: bx, y: top, width: bw, height: y(0) - top, 'data-cluster': c.id,
      class: `cluster-bar ${mixClass(c)}${contradicted ? ' contradicted' : ''}${ui.cluster === c.id ? ' current' : ''}` }, svgTitle(tip));
    rect.addEventListener('click', () => { ui.cluster = ui.cluster === c.id ? null : c.id; renderCorpus(); });
    if (!contradicted) return [rect];
    const cx = bx + bw / 2;
    return [rect, s('path', { class: 'contradiction-marker', d: `M${cx},${top - 3}l-5,-9h10z` }, svgTitle(tip))];
  }

  // --- map: equirectangular, drawn by hand so no tiles or projection library are needed
  const MAP_W = 960; const MAP_H = 480;
  const project = (lon, lat) => [((lon + 180) / 360) * MAP_W, ((90 - lat) / 180) * MAP_H];
  function ringPath(ring) {
    return ring.map((p, i) => {
      const [px, py] = project(p[0], p[1]);
      return `${i ? 'L' : 'M'}${px.toFixed(1)},${py.toFixed(1)}`;
    }).join('') + 'Z';
  }
  function geometryPath(g) {
    if (!g) return '';
    const polys = g.type === 'Polygon' ? [g.coordinates] : g.type === 'MultiPolygon' ? g.coordinates : [];
    return polys.map((poly) => poly.map(ringPath).join('')).join('');
  }

  function drawMapBase(svg) {
    const base = s('g', { class: 'map-base' });
    base.append(s('rect', { class: 'ocean', x: 0, y: 0, width: MAP_W, height: MAP_H }));
    for (let lon = -180; lon <= 180; lon += 30) base.append(s('path', { class: 'graticule', d: `M${project(lon, 90)}L${project(lon, -90)}` }));
    for (let lat = -60; lat <= 60; lat += 30) base.append(s('path', { class: 'graticule', d: `M${project(-180, lat)}L${project(180, lat)}` }));
    const world = window.CG_WORLD;
    if (world && window.topojson && world.objects && world.objects.countries) {
      for (const f of window.topojson.feature(world, world.objects.countries).features) {
        const name = (f.properties && f.properties.name) || '';
        base.append(s('path', { class: 'country', d: geometryPath(f.geometry) }, svgTitle(name)));
      }
    }
    svg.append(base, s('g', { class: 'points' }));
  }

  function renderMap(events) {
    const svg = $('map');
    if (!svg.firstChild) drawMapBase(svg);
    const pts = events.filter((e) => typeof e.lat === 'number' && typeof e.lon === 'number');
    // zoom to the points (2:1 like the projection), at least 40° wide
    let [x0, y0, w, hh] = [0, 0, MAP_W, MAP_H];
    if (pts.length) {
      const lons = pts.map((e) => e.lon); const lats = pts.map((e) => e.lat);
      const [a, b] = project(Math.min(...lons), Math.max(...lats));
      const [c, d] = project(Math.max(...lons), Math.min(...lats));
      w = Math.min(MAP_W, Math.max(c - a + 60, 2 * (d - b + 40), 107));
      hh = w / 2;
      x0 = Math.min(Math.max((a + c) / 2 - w / 2, 0), MAP_W - w);
      y0 = Math.min(Math.max((b + d) / 2 - hh / 2, 0), MAP_H - hh);
    }
    svg.setAttribute('viewBox', `${x0.toFixed(1)} ${y0.toFixed(1)} ${w.toFixed(1)} ${hh.toFixed(1)}`);
    const unit = w / 640; // user units per screen pixel, roughly
    const frag = document.createDocumentFragment();
    for (const e of pts.slice().sort((p, q) => sourcesOf(q) - sourcesOf(p))) {
      const [cx, cy] = project(e.lon, e.lat);
      const q = QUAD_OF.get(e.plover_type);
      const tip = `${e.place_name || ''} · ${e.plover_type}: ${e.source_name || '?'} → ${e.target_name || '?'}\n` +
        `${fmtSpan(e.time_start, e.time_end, e.time_precision) || e.published || ''} · ${sourcesOf(e)} independent source(s)`;
      frag.append(s('circle', { class: `event-point q-${q ? q.key : 'none'}`, cx: cx.toFixed(2), cy: cy.toFixed(2),
        r: ((3 + 2.5 * Math.sqrt(sourcesOf(e))) * unit).toFixed(2) }, svgTitle(tip)));
    }
    svg.querySelector('g.points').replaceChildren(frag);
    $('map-note').textContent = `(${pts.length} of ${events.length} events have coordinates)`;
  }

  // --- event list
  function eventRow(e) {
    const c = data.clusters.get(e.cluster_id);
    const contra = c && (c.contradictions || []).length ? c.contradictions : null;
    const doc = data.docs.get(e.document_id);
    const src = sourceOf(e);
    const known = h('td', null, badge(src || e.modality),
      src && e.modality !== 'reported' ? ` ${e.modality}` : '');
    const sources = h('td', { class: 'num' }, String(sourcesOf(e)),
      c && c.corroboration ? h('span', { class: 'muted' }, ` ${c.corroboration}`) : null,
      contra ? h('span', { class: 'contradiction-flag', title: contra.map((x) => x.kind).join(', ') }, '⚠ contradicted') : null);
    return h('tr', { class: contra ? 'event-row contradicted' : 'event-row', 'data-uid': e.uid },
      h('td', { class: 'nowrap' }, fmtSpan(e.time_start, e.time_end, e.time_precision) || h('span', { class: 'muted' }, `${e.published || '?'} (pub.)`)),
      h('td', null, actorLabel(e.source_actor, e.source_name || '—'), ' → ', typeChip(e.plover_type, e.plover_mode), ' → ',
        actorLabel(e.target_actor, e.target_name || '—')),
      h('td', null, [e.place_name, e.place_country].filter(Boolean).join(', ')),
      known, sources,
      h('td', null, outletName(e.outlet)),
      h('td', null, h('a', { class: 'doc-link', href: docHref(e.document_id), title: doc ? doc.title : e.document_id },
        short(doc ? doc.title : e.document_id, 48))));
  }

  function renderEventList(events) {
    const sorted = events.slice().sort((a, b) => ((b._start || '') > (a._start || '') ? 1 : (b._start || '') < (a._start || '') ? -1 : 0));
    const shown = sorted.slice(0, EVENT_CAP);
    const frag = document.createDocumentFragment();
    for (const e of shown) frag.append(eventRow(e));
    $('event-list').tBodies[0].replaceChildren(frag);
    $('event-count').textContent = String(shown.length);
    $('event-note').textContent = events.length > shown.length
      ? `(showing ${shown.length} of ${events.length}; narrow the filters to see the rest)`
      : `of ${data.events.length} in the corpus, newest first`;
  }

  function renderLegends() {
    const swatch = (color, label, cls) => {
      const sw = h('span', { class: `swatch ${cls || ''}` });
      if (color) sw.style.background = color;
      return h('span', { class: 'legend-item' }, sw, label);
    };
    $('network-legend').replaceChildren(...QUADS.map((q) => swatch(q.color, q.label)), ' | ',
      ...Object.entries(FAMILY_COLOR).map(([f, color]) => swatch(color, f === 'state' ? 'state / government' : f, 'dot')));
    $('timeline-legend').replaceChildren(...Object.entries(MIX_LABELS).map(([cls, label]) => swatch(null, label, cls)),
      swatch(null, 'contradicted (denied or disputed)', 'contradicted'));
  }

  // ------------------------------------------------------------------ paste form
  async function onPaste(ev) {
    ev.preventDefault();
    const err = $('paste-error');
    err.hidden = true;
    const text = $('paste-text').value;
    if (!text.trim()) { err.textContent = 'Paste the text of an article first.'; err.hidden = false; return; }
    const body = { text, published: $('paste-published').value || null, title: $('paste-title').value.trim() || null };
    $('paste-submit').disabled = true;
    $('paste-status').textContent = 'Analysing…';
    try {
      const graph = await getJSON(`${api}/analyze`, { method: 'POST',
        headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
      const id = graph.document.id;
      graphs.set(id, graph);
      if (!data.docs.has(id)) {
        const summary = { id, title: `(pasted) ${graph.document.title || short(text.trim().split('\n')[0], 80)}`,
          published: graph.document.published, genre: graph.document.genre };
        bundle.documents.push(summary);
        data.docs.set(id, summary);
        renderDocList();
      }
      ui.currentDoc = null;
      if (location.hash === docHref(id)) route(); else location.hash = docHref(id);
    } catch (e) {
      err.textContent = e.message;
      err.hidden = false;
    } finally {
      $('paste-submit').disabled = false;
      $('paste-status').textContent = '';
    }
  }

  // ------------------------------------------------------------------ start
  function wire() {
    if (!server) { $('nav-analyze').remove(); $('analyze').remove(); } else $('nav-analyze').hidden = false;
    window.addEventListener('hashchange', route);
    $('doc-filter').addEventListener('input', filterDocList);
    const text = $('article-text');
    text.addEventListener('mouseover', onTextOver);
    text.addEventListener('mouseout', onTextOut);
    $('layer-toggles').addEventListener('change', (ev) => {
      const layer = ev.target.getAttribute('data-layer');
      if (!layer) return;
      if (ev.target.checked) ui.hidden.delete(layer); else ui.hidden.add(layer);
      $('article').classList.toggle(`hide-${layer}`, !ev.target.checked);
      hideTip();
    });
    $('events-table').addEventListener('click', (ev) => {
      const row = ev.target.closest('tr.event-row');
      if (row) showTrigger(row.getAttribute('data-event'));
    });
    const filters = $('filters');
    for (const type of ['input', 'change']) filters.addEventListener(type, () => renderCorpus());
    filters.addEventListener('submit', (ev) => ev.preventDefault());
    filters.addEventListener('reset', resetFilters);
    if (server) $('paste-form').addEventListener('submit', onPaste);
    window.addEventListener('scroll', hideTip, { passive: true });
  }

  function refresh() {
    indexData();
    renderDocList();
    fillFilterOptions();
    ui.corpusDirty = true;
  }

  async function main() {
    wire();
    renderLegends();
    refresh();
    route();
    if (ui.loaded) return;
    try {
      await loadLists();
    } catch (err) {
      setStatus(`Could not load the corpus: ${err.message}`);
      return;
    }
    ui.loaded = true;
    refresh();
    route();
  }

  main();
})();
