// The Encore explorer: plain JavaScript over the REST API (no build step, nothing loaded from elsewhere).
"use strict";

const K = 10;
const KINDS = ["offline", "online", "blended", "live"];
const KEY_STORAGE = "encore.apiKey";
const $ = (id) => document.getElementById(id);
let current = null;     // the listener shown
let keyWaiter = null;   // resolves when the key dialog closes

// ---------- HTTP: the API key, problem+json errors ----------

class ApiError extends Error {
  constructor(status, title, detail) {
    super(detail ? `${title}: ${detail}` : title);
    this.status = status; this.title = title; this.detail = detail;
  }
}

function apiKey() { return sessionStorage.getItem(KEY_STORAGE) || ""; }

async function api(path, options = {}, retried = false) {
  const headers = Object.assign({ "Accept": "application/json" }, options.headers || {});
  if (apiKey()) headers["X-Api-Key"] = apiKey();
  let response;
  try {
    response = await fetch(path, Object.assign({}, options, { headers }));
  } catch (e) {
    throw new ApiError(0, "The service cannot be reached", String(e.message || e));
  }
  if (response.status === 401 && !retried && await askForKey()) {
    return api(path, options, true);
  }
  const type = response.headers.get("Content-Type") || "";
  const body = type.includes("json") ? await response.json().catch(() => null) : null;
  if (!response.ok) {
    const title = (body && body.title) || `HTTP ${response.status} ${response.statusText}`;
    throw new ApiError(response.status, title, body && body.detail);
  }
  return body;
}

function askForKey() {
  const dialog = $("key-dialog");
  $("key-input").value = apiKey();
  dialog.showModal();
  return new Promise((resolve) => { keyWaiter = resolve; });
}

function closeKeyDialog(use) {
  const dialog = $("key-dialog");
  if (use) sessionStorage.setItem(KEY_STORAGE, $("key-input").value.trim());
  if (dialog.open) dialog.close();
  showKeyState();
  if (keyWaiter) { const done = keyWaiter; keyWaiter = null; done(use && apiKey() !== ""); }
}

function showKeyState() { $("key-state").textContent = apiKey() ? "API key set" : "no API key"; }

function showError(error) {
  const box = $("error");
  box.replaceChildren();
  const title = document.createElement("strong");
  title.textContent = error instanceof ApiError ? error.title : "Something went wrong";
  box.append(title);
  const detail = error instanceof ApiError ? error.detail : String(error.message || error);
  if (detail) box.append(document.createTextNode(detail));
  box.hidden = false;
}

function clearError() { $("error").hidden = true; $("error").replaceChildren(); }

// ---------- rendering ----------

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = text;
  return node;
}

// One track: its name (click: similar tracks), artists, genres, the explanation when the API gives one, a listen button.
function trackItem(item) {
  const li = el("li", "track");
  li.dataset.itemId = item.item_id;
  const listen = el("button", "listen", "listen");
  listen.type = "button";
  listen.title = "Record that this listener played the track";
  listen.addEventListener("click", () => run(() => listenTo(item.item_id)));
  li.append(listen);
  const name = el("button", "track-name", item.name || `track ${item.item_id}`);
  name.type = "button";
  name.title = `Track ${item.item_id}: show similar tracks`;
  name.addEventListener("click", () => run(() => showSimilar(item)));
  li.append(name);
  const meta = [];
  if (item.artists && item.artists.length) meta.push(item.artists.join(", "));
  if (item.genres && item.genres.length) meta.push(item.genres.join(", "));
  if (typeof item.score === "number") meta.push(`score ${item.score.toFixed(3)}`);
  meta.push(`#${item.item_id}`);
  li.append(el("span", "meta", meta.join(" · ")));
  if (item.explanation) {
    const e = item.explanation;
    // A ranked track's features are listed under it, so its reason is shown without them.
    const reason = e.features && e.features.length ? e.reason.split("; raised most by")[0] : e.reason;
    const text = typeof e === "string" ? e : `${e.source}: ${reason}`;
    li.append(el("span", "explanation", text));
    if (e.features && e.features.length) li.append(featureList(e.features));
  }
  return li;
}

// The features that raised a ranked track's score most: readable name, value, contribution.
function featureList(features) {
  const ul = el("ul", "features");
  ul.title = "The features that raised the live ranker's score most (TreeSHAP contributions)";
  features.forEach((f) => {
    const value = f.value === undefined || f.value === null ? "missing" : formatNumber(f.value);
    ul.append(el("li", null, `${f.name} = ${value} (+${f.contribution.toFixed(3)})`));
  });
  return ul;
}

function fill(list, items, empty) {
  list.replaceChildren(...items.map(trackItem));
  if (!items.length) list.append(el("li", "muted empty", empty));
}

function nameCounts(list, counts) {
  list.replaceChildren(...counts.map((c) => el("li", null, `${c.name} (${c.count})`)));
  if (!counts.length) list.append(el("li", "muted", "none yet"));
}

// ---------- the listener ----------

async function showListener(userId) {
  clearError();
  const id = String(userId).trim();
  $("user-id").value = id;
  const url = new URL(window.location.href);
  url.searchParams.set("user_id", id);
  window.history.replaceState(null, "", url);
  current = id;
  await refresh();
}

async function refresh() {
  if (current === null) return;
  const user = encodeURIComponent(current);
  const [history, ...lists] = await Promise.all([
    api(`/v1/users/${user}/history?k=${K}`),
    ...KINDS.map((kind) => api(`/v1/users/${user}/recommendations?kind=${kind}&k=${K}&details=true&explain=true${genreFilter()}`)),
  ]);
  $("listener").textContent = history.user_id;
  const events = history.events.map((e) => Object.assign({}, e));
  fill($("events"), events, "");
  $("events").querySelectorAll("li.empty").forEach((n) => n.remove());
  $("no-events").hidden = events.length > 0;
  nameCounts($("top-artists"), history.top_artists);
  nameCounts($("top-genres"), history.top_genres);
  $("history-note").textContent = history.note;
  lists.forEach((list, i) => {
    const kind = KINDS[i];
    const column = document.querySelector(`.kind[data-kind="${kind}"]`);
    column.querySelector(".sources").textContent = list.sources.length
      ? `(${list.sources.join(" + ")}${list.degraded ? ", degraded" : ""})` : "";
    fill($(`list-${kind}`), list.items, kind === "online" ? "Empty until the listener has online events." : "No recommendations.");
  });
  $("history-section").hidden = false;
  $("recs-section").hidden = false;
  $("hint").hidden = true;
}

// The genres= filter of the recommendation lists; an unknown genre comes back as the API's 400, shown as an error.
function genreFilter() {
  const genres = $("genres").value.trim();
  return genres ? `&genres=${encodeURIComponent(genres)}` : "";
}

async function listenTo(itemId) {
  if (current === null) return;
  await api(`/v1/users/${encodeURIComponent(current)}/events`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ item_id: itemId }),
  });
  await refresh();
}

async function showSimilar(item) {
  $("similar-of").textContent = item.name ? `${item.name} (#${item.item_id})` : `track ${item.item_id}`;
  const similar = await api(`/v1/items/${encodeURIComponent(item.item_id)}/similar?k=${K}&details=true&explain=true`);
  fill($("similar"), similar.similar, "No similar tracks.");
  $("similar-section").hidden = false;
  $("similar-section").scrollIntoView({ block: "nearest" });
}

async function randomListener() {
  const picked = await api("/v1/users/random");
  await showListener(picked.user_id);
}

// ---------- the model report ----------

function lossChart(loss) {
  const width = 420, height = 160, pad = 30;
  const ns = "http://www.w3.org/2000/svg";
  const svg = document.createElementNS(ns, "svg");
  svg.setAttribute("class", "chart");
  svg.setAttribute("width", width); svg.setAttribute("height", height);
  svg.setAttribute("role", "img");
  svg.setAttribute("aria-label", "ALS training loss per iteration");
  const min = Math.min(...loss), max = Math.max(...loss);
  const x = (i) => pad + (loss.length === 1 ? 0 : (i * (width - 2 * pad)) / (loss.length - 1));
  const y = (v) => height - pad - (max === min ? 0.5 : (v - min) / (max - min)) * (height - 2 * pad);
  const path = document.createElementNS(ns, "polyline");
  path.setAttribute("points", loss.map((v, i) => `${x(i)},${y(v)}`).join(" "));
  path.setAttribute("fill", "none"); path.setAttribute("stroke", "#3056d3"); path.setAttribute("stroke-width", "2");
  svg.append(path);
  const label = (text, tx, ty) => { const t = document.createElementNS(ns, "text"); t.setAttribute("x", tx); t.setAttribute("y", ty); t.textContent = text; svg.append(t); };
  label(max.toPrecision(4), 2, pad - 4);
  label(min.toPrecision(4), 2, height - pad + 12);
  label(`iteration 1 … ${loss.length}`, width / 2 - 40, height - 6);
  return svg;
}

function table(rows, headers) {
  const t = el("table");
  if (headers) { const tr = el("tr"); headers.forEach((h) => tr.append(el("th", null, h))); t.append(tr); }
  rows.forEach((row) => {
    const tr = el("tr");
    row.forEach((cell) => {
      if (cell instanceof Node) { const td = el("td"); td.append(cell); tr.append(td); }
      else tr.append(el("td", typeof cell === "number" ? "num" : null, typeof cell === "number" ? formatNumber(cell) : cell));
    });
    t.append(tr);
  });
  return t;
}

function formatNumber(n) { return Number.isInteger(n) ? String(n) : n.toPrecision(4); }

async function loadReport() {
  const report = await api("/v1/artifacts/report");
  $("version").textContent = `artifacts ${report.version}`;
  const box = $("report");
  box.replaceChildren();
  box.append(table([
    ["version", report.version],
    ["set", report.directory],
    ["trained", report.trained_utc || "unknown"],
    ["loaded", report.loaded_utc],
    ["offline lists", `${report.offline_file || "none"} (${report.users} listeners)`],
    ["catalogue", `${report.catalog_items} tracks`],
    ["similar tracks", `${report.similar_items} tracks`],
  ]));
  const columns = el("div", "columns");
  if (report.als_loss && report.als_loss.length) {
    const div = el("div"); div.append(el("h3", null, "ALS loss per iteration"), lossChart(report.als_loss)); columns.append(div);
  }
  if (report.ranker) {
    const div = el("div");
    const recall = Object.entries(report.ranker.candidate_recall);
    if (recall.length) div.append(el("h3", null, "Ranker: candidate recall"), table(recall, ["source", "recall"]));
    if (report.ranker.importance.length) {
      const top = report.ranker.importance[0].value || 1;
      div.append(el("h3", null, "Ranker: feature importance"), table(report.ranker.importance.map((f) => {
        const bar = el("span", "bar"); bar.style.width = `${Math.round((120 * f.value) / top)}px`;
        return [f.name, bar, f.value];
      }), ["feature", "", "gain"]));
    }
    columns.append(div);
  }
  if (report.parameters) {
    const div = el("div");
    div.append(el("h3", null, "Training parameters"), table(Object.entries(report.parameters).map(([k, v]) => [k, typeof v === "object" ? JSON.stringify(v) : v])));
    columns.append(div);
  }
  box.append(columns);
  const evaluation = await api("/v1/artifacts/evaluation");
  evaluation.reports.forEach((r) => box.append(evaluationReport(r)));
  box.append(el("p", "muted", evaluation.reports.length ? "" : evaluation.note || report.note));
}

// One protocol's metrics at k = 10 (or the largest k evaluated below it) for every model, and its charts.
const METRICS = ["ndcg", "precision", "recall", "map", "hit_rate", "coverage", "novelty", "popularity"];

function evaluationReport(report) {
  const section = el("div", "evaluation");
  const ks = report.metrics.k || [];
  const k = ks.includes(10) ? 10 : Math.max(...ks.filter((v) => v <= 10), ...(ks.length ? [ks[0]] : [10]));
  section.append(el("h3", null, `Evaluation (${report.protocol} protocol) at k = ${k}`));
  const models = Object.entries(report.metrics.models || {});
  const shown = METRICS.filter((m) => models.some(([, values]) => typeof values[`${m}@${k}`] === "number"));
  const metricsTable = table(models.map(([name, values]) => [name, ...shown.map((m) => {
    const value = values[`${m}@${k}`];
    return typeof value === "number" ? value : "";
  })]), ["model", ...shown.map((m) => `${m}@${k}`)]);
  metricsTable.id = `metrics-${report.protocol}`;
  section.append(metricsTable);
  const charts = el("div", "charts");
  report.charts.forEach((chart) => {
    const figure = el("figure");
    const img = el("img");
    img.src = `/v1/artifacts/evaluation/${encodeURIComponent(report.protocol)}/${encodeURIComponent(chart)}`;
    img.alt = chart;
    figure.append(img, el("figcaption", null, chart));
    charts.append(figure);
  });
  section.append(charts);
  return section;
}

// ---------- wiring ----------

async function run(action) {
  try { await action(); } catch (e) { showError(e); }
}

document.addEventListener("DOMContentLoaded", () => {
  showKeyState();
  $("pick").addEventListener("submit", (e) => {
    e.preventDefault();
    const id = $("user-id").value.trim();
    if (id) run(() => showListener(id));
  });
  $("random").addEventListener("click", () => run(randomListener));
  $("genre-filter").addEventListener("submit", (e) => { e.preventDefault(); run(refresh); });
  $("key-button").addEventListener("click", () => askForKey());
  $("key-form").addEventListener("submit", (e) => { e.preventDefault(); closeKeyDialog(true); });
  $("key-cancel").addEventListener("click", () => closeKeyDialog(false));
  $("key-dialog").addEventListener("cancel", () => closeKeyDialog(false));
  run(loadReport);
  const requested = new URLSearchParams(window.location.search).get("user_id");
  if (requested) run(() => showListener(requested));
});
