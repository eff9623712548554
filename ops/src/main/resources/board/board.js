// The live line board: draws the network it is given (stations in order, branches too) and
// redraws from each state the server pushes (server-sent events). A reload, or a reconnection,
// starts from the whole state again: the server keeps it, the page keeps nothing.
"use strict";

const LOS_COLOURS = { A: "#2e7d32", B: "#7cb342", C: "#fdd835", D: "#fb8c00", E: "#e53935", F: "#8e24aa" };
const NO_ESTIMATE = "#c7cbd3";
const STEP_X = 46, LANE_Y = 200, TOP = 150, LEFT = 30, MARK_W = 38, MARK_H = 26;
const SVG = "http://www.w3.org/2000/svg";

let network = null;
let positions = [];

function element(tag, attributes, text) {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attributes)) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
}

function html(tag, attributes, text) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attributes || {})) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
}

// Trunk along the longest chain from each root; every other child starts a lane of its own below.
function layout(stations) {
  const children = stations.map(() => []);
  const roots = [];
  stations.forEach((s, i) => (s.parent < 0 ? roots.push(i) : children[s.parent].push(i)));
  const depth = new Array(stations.length).fill(0);
  const longest = (i) => (depth[i] = children[i].reduce((m, c) => Math.max(m, 1 + longest(c)), 0));
  roots.forEach(longest);
  const result = new Array(stations.length);
  let lanes = 0;
  const place = (i, x, lane) => {
    result[i] = { x: LEFT + x * STEP_X + MARK_W / 2, y: TOP + lane * LANE_Y };
    [...children[i]].sort((a, b) => depth[b] - depth[a]).forEach((c, k) => place(c, x + 1, k === 0 ? lane : ++lanes));
  };
  roots.forEach((r) => { place(r, 0, lanes); lanes++; });
  return { positions: result, lanes };
}

function drawNetwork() {
  document.getElementById("title").textContent = `${network.name}: line board`;
  document.title = `${network.name}: line board`;
  const laid = layout(network.stations);
  positions = laid.positions;
  const svg = document.getElementById("line");
  const width = Math.max(...positions.map((p) => p.x)) + 2 * MARK_W + 40;
  const height = TOP + (laid.lanes - 1) * LANE_Y + 90;
  svg.setAttribute("width", width);
  svg.setAttribute("height", height);
  svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
  svg.replaceChildren();
  network.stations.forEach((s, i) => {
    if (s.parent >= 0) {
      const a = positions[s.parent], b = positions[i];
      svg.appendChild(element("line", { x1: a.x, y1: a.y, x2: b.x, y2: b.y, stroke: "#d32f2f", "stroke-width": 5 }));
    }
  });
  network.stations.forEach((s, i) => {
    const p = positions[i];
    const g = element("g", { id: `station-${s.id}`, "data-station": s.id });
    g.appendChild(element("text", { x: p.x, y: p.y - MARK_H - 18, transform: `rotate(-50 ${p.x} ${p.y - MARK_H - 18})` }, s.name));
    network.directions.forEach((direction, d) => {
      const y = d === 0 ? p.y - MARK_H - 6 : p.y + 6;
      const mark = element("g", { class: "platform", "data-station": s.id, "data-direction": direction });
      mark.appendChild(element("rect", { x: p.x - MARK_W / 2, y, width: MARK_W, height: MARK_H, rx: 3, fill: NO_ESTIMATE, stroke: "#fff", "stroke-width": 1 }));
      mark.appendChild(element("text", { x: p.x, y: y + MARK_H / 2 + 4, "text-anchor": "middle" }, ""));
      mark.appendChild(element("title", {}, `${s.name} ${direction}: no estimate yet`));
      g.appendChild(mark);
    });
    g.appendChild(element("circle", { cx: p.x, cy: p.y, r: 4, fill: "#fff", stroke: "#1d2330", "stroke-width": 1.5 }));
    svg.appendChild(g);
  });
  svg.appendChild(element("g", { id: "train-marks" }));
  const legend = document.getElementById("legend");
  legend.replaceChildren(`Platforms: ${network.directions[0]} above the line, ${network.directions[1]} below; colour = level of service, number = estimated waiting:`);
  for (const [los, colour] of Object.entries(LOS_COLOURS)) {
    const swatch = html("span", { class: "swatch", style: `background:${colour}` });
    legend.append(swatch, los);
  }
  legend.append(html("span", { class: "swatch", style: `background:${NO_ESTIMATE}` }), "no estimate; ",
    "thick black frame = crowding episode open; \u25B2 = empty train on its way");
}

function drawPlatforms(state) {
  network.stations.forEach((s) => {
    const platforms = state.platforms[s.id] || {};
    network.directions.forEach((direction) => {
      const mark = document.querySelector(`g.platform[data-station="${s.id}"][data-direction="${direction}"]`);
      const p = platforms[direction];
      const [rect, text, title] = mark.children;
      if (!p) return;
      rect.setAttribute("fill", LOS_COLOURS[p.levelOfService] || NO_ESTIMATE);
      rect.setAttribute("stroke", p.crowded ? "#000" : "#fff");
      rect.setAttribute("stroke-width", p.crowded ? 3 : 1);
      mark.setAttribute("data-los", p.levelOfService);
      mark.setAttribute("data-crowded", p.crowded);
      text.textContent = p.waiting;
      title.textContent = `${s.name} ${direction} at ${p.at}: ${p.waiting} waiting, level of service ${p.levelOfService}, ` +
        `${p.leftBehind} left behind by the last train (${p.consecutiveLeftBehind} in a row)${p.crowded ? ", crowded" : ""}`;
    });
  });
  const marks = document.getElementById("train-marks");
  marks.replaceChildren();
  state.emptyTrains.filter((t) => t.status !== "CANCELED").forEach((t, k) => {
    const index = network.stations.findIndex((s) => s.id === t.toStationId);
    if (index < 0) return;
    const p = positions[index];
    const y = p.y + MARK_H + 24 + (k % 2) * 14;
    marks.appendChild(element("text", { x: p.x, y, "text-anchor": "middle", fill: "#1565c0", "font-weight": "bold", class: "train-mark", "data-trip": t.tripId },
      `\u25B2 ${t.status === "IN_SERVICE" ? "in service" : t.arriveAt}`));
  });
}

function drawDecisions(state) {
  const counts = Object.entries(state.decisionCounts).filter(([, n]) => n > 0).map(([t, n]) => `${t} ${n}`).join(", ");
  document.getElementById("decision-counts").textContent = counts ? `(${counts})` : "";
  const list = document.getElementById("decisions");
  list.replaceChildren();
  if (state.decisions.length === 0) list.appendChild(html("li", { class: "empty" }, "none yet"));
  for (const d of state.decisions) {
    const item = html("li", { "data-decision": d.decision, "data-id": d.decisionId });
    item.append(html("span", { class: "type" }, d.decision), `${d.at} ${d.stationName} ${d.direction}: ${d.reason}`);
    if (d.tripId) item.append(html("span", { class: "small" }, ` (empty train ${d.tripId})`));
    list.appendChild(item);
  }
}

function drawTrains(state) {
  const body = document.querySelector("#trains tbody");
  body.replaceChildren();
  if (state.emptyTrains.length === 0) {
    const row = html("tr", { class: "empty" });
    row.appendChild(html("td", { colspan: 6 }, "none on their way"));
    body.appendChild(row);
  }
  const statusText = { PREPARING: "being prepared", RUNNING_EMPTY: "running empty", IN_SERVICE: "in service", CANCELED: "stood down" };
  for (const t of state.emptyTrains) {
    const row = html("tr", { "data-status": t.status, "data-trip": t.tripId });
    const arrives = t.status === "RUNNING_EMPTY" || t.status === "PREPARING" ? `${t.arriveAt} (in ${t.minutesToArrival} min)` : t.arriveAt;
    [t.tripId, statusText[t.status] || t.status, `${t.poolName}`, t.leaveAt, `${t.to} ${t.direction}`, arrives]
      .forEach((v) => row.appendChild(html("td", {}, v)));
    body.appendChild(row);
  }
  const pools = document.querySelector("#pools tbody");
  pools.replaceChildren();
  for (const p of state.pools) {
    const row = html("tr", { "data-pool": p.id });
    [p.name, `${p.left} of ${p.spareTrains}`, p.out, p.nextBackAt || ""].forEach((v) => row.appendChild(html("td", {}, v)));
    pools.appendChild(row);
  }
}

function drawFeeds(state) {
  const feeds = document.getElementById("feeds");
  feeds.replaceChildren();
  if (state.feedProblem) feeds.appendChild(html("p", { class: "problem" }, `The board ${state.feedProblem}`));
  if (state.unreadable > 0) {
    feeds.appendChild(html("p", { class: "problem" }, `${state.unreadable} output records could not be read (last: ${state.lastProblem})`));
  }
  if (state.feeds.inForce.length === 0) {
    feeds.appendChild(html("p", { class: "empty" }, `All feeds healthy (${state.feeds.alertsRaised} alerts raised so far).`));
  }
  for (const a of state.feeds.inForce) {
    feeds.appendChild(html("div", { class: "alert", "data-kind": a.kind }, `${a.kind} ${a.stationName} (${a.feed}) since ${a.since}: ${a.reason}`));
  }
  document.getElementById("source").textContent = `Reading ${state.source}.`;
}

let lastChange = 0;

// How long since the outputs last changed the board: a feed or a job fallen silent shows here.
function showAge() {
  const age = document.getElementById("age");
  if (!lastChange) return;
  const seconds = Math.max(0, Math.round((Date.now() - lastChange) / 1000));
  age.textContent = `last output ${seconds} s ago`;
  age.className = seconds > 120 ? "stale" : "";
}

function render(state) {
  lastChange = state.lastChangeWallMillis;
  showAge();
  document.getElementById("now").textContent = state.nowText || "waiting for the job's outputs";
  document.body.setAttribute("data-version", state.version);
  drawPlatforms(state);
  drawDecisions(state);
  drawTrains(state);
  drawFeeds(state);
}

async function start() {
  network = await (await fetch("api/network")).json();
  drawNetwork();
  const connection = document.getElementById("connection");
  const events = new EventSource("api/events");
  events.addEventListener("open", () => { connection.className = "up"; connection.textContent = "live"; });
  events.addEventListener("error", () => { connection.className = "down"; connection.textContent = "reconnecting"; });
  events.addEventListener("state", (e) => render(JSON.parse(e.data)));
}

setInterval(showAge, 1000);
start();
