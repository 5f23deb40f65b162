// The live page: campaign and window tabs, metric and game selectors, a board pushed over Server-Sent
// Events (/api/leaderboard/stream), arrows for rank changes since the last push, around-me search and
// a chart of spins per second. Plain JS, no build step.
const LIMIT = 20;
const ACTIVITY_MS = 2000;
const state = { campaign: "", window: "", metric: "ratio", game: "" };
let campaigns = [];
let stream = null;
let previousRanks = null; // playerId -> rank of the last board shown for this selection
let asOf = null;

const $ = (selector) => document.querySelector(selector);

function query(extra = {}) {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries({ ...state, ...extra })) if (value !== "") params.set(key, value);
  return params.toString();
}

function cell(text, className) {
  const td = document.createElement("td");
  td.textContent = String(text);
  if (className) td.className = className;
  return td;
}

function formatScore(score) {
  return state.metric === "ratio" ? score.toFixed(2) : Math.round(score).toLocaleString("en");
}

// The change since the last push: what is seen (an arrow and a count) and what is read out instead of the arrow.
function move(entry) {
  if (!previousRanks) return { shown: "", spoken: "", direction: "" };
  const before = previousRanks.get(entry.playerId);
  if (before === undefined) return { shown: "new", spoken: "", direction: "new" };
  if (entry.rank < before) return { shown: "▲" + (before - entry.rank), spoken: `up ${before - entry.rank}`, direction: "up" };
  if (entry.rank > before) return { shown: "▼" + (entry.rank - before), spoken: `down ${entry.rank - before}`, direction: "down" };
  return { shown: "", spoken: "", direction: "" };
}

function moveCell({ shown, spoken, direction }) {
  const td = cell("", "move " + direction);
  if (!spoken) {
    td.textContent = shown;
    return td;
  }
  const arrow = document.createElement("span");
  arrow.setAttribute("aria-hidden", "true");
  arrow.textContent = shown;
  const words = document.createElement("span");
  words.className = "visually-hidden";
  words.textContent = spoken;
  td.append(arrow, words);
  return td;
}

function boardRow(entry, highlight) {
  const tr = document.createElement("tr");
  tr.dataset.player = entry.playerId;
  const change = move(entry);
  if (entry.rank === 1) tr.classList.add("first");
  if (highlight === entry.playerId) tr.classList.add("me");
  if (change.direction) tr.classList.add("flash");
  tr.append(cell(entry.rank, "rank"), moveCell(change), cell(entry.name), cell(formatScore(entry.score), "num"));
  return tr;
}

// Screen readers hear who leads when that changes, not every row of every push (the table is not live).
function announceLeader(board) {
  const leader = board.entries[0];
  const news = leader ? `${leader.name} leads with ${formatScore(leader.score)}` : "No spins on this board yet";
  if ($("#board-news").textContent !== news) $("#board-news").textContent = news;
}

function showBoard(board) {
  const tbody = $("#board tbody");
  $("#board").dataset.metric = board.metric;
  $("#board").dataset.campaign = board.campaign || "";
  if (board.entries.length === 0) {
    const empty = document.createElement("tr");
    empty.className = "empty";
    empty.append(cell("No spins on this board yet"));
    empty.firstChild.colSpan = 4;
    tbody.replaceChildren(empty);
  } else {
    tbody.replaceChildren(...board.entries.map((entry) => boardRow(entry)));
  }
  announceLeader(board);
  previousRanks = new Map(board.entries.map((entry) => [entry.playerId, entry.rank]));
  asOf = new Date(board.asOf);
  showFreshness();
}

function showFreshness() {
  const status = $("#status");
  if (!asOf) return;
  const seconds = Math.max(0, Math.round((Date.now() - asOf.getTime()) / 1000));
  status.textContent = `Data as of ${seconds} s ago (${asOf.toLocaleTimeString()})`;
  status.classList.toggle("error", seconds > 30);
}

function subscribe() {
  if (stream) stream.close();
  previousRanks = null;
  const url = `/api/leaderboard/stream?${query({ limit: LIMIT })}`;
  stream = new EventSource(url);
  stream.addEventListener("board", (event) => showBoard(JSON.parse(event.data)));
  stream.addEventListener("tick", (event) => { asOf = new Date(JSON.parse(event.data).asOf); showFreshness(); });
  stream.onerror = async () => {
    // EventSource reconnects by itself; a 400/404 closes it, so say why.
    if (stream.readyState === EventSource.CLOSED) {
      const response = await fetch(url);
      const body = await response.json().catch(() => ({}));
      $("#status").textContent = `Board not available: ${body.error || response.statusText}`;
      $("#status").classList.add("error");
    }
  };
}

function press(container, attribute, value) {
  for (const button of container.querySelectorAll("button")) {
    button.setAttribute("aria-pressed", String(button.dataset[attribute] === value));
  }
}

function campaignStatus(campaign) {
  const now = Date.now();
  if (now < Date.parse(campaign.start)) return "upcoming";
  return now < Date.parse(campaign.end) ? "live" : "ended";
}

function showCampaignInfo() {
  const campaign = campaigns.find((c) => c.id === state.campaign);
  $("#campaign-info").textContent = campaign
    ? `${campaign.name}: ${new Date(campaign.start).toLocaleString()} – ${new Date(campaign.end).toLocaleString()}, `
      + (campaign.games.length ? `games ${campaign.games.join(", ")}` : "every game")
    : "All time, every game";
}

function fillGames() {
  const campaign = campaigns.find((c) => c.id === state.campaign);
  const games = campaign && campaign.games.length
    ? campaign.games
    : [...new Set(campaigns.flatMap((c) => c.games))].sort((a, b) => a - b);
  if (state.game !== "" && !games.includes(Number(state.game))) state.game = "";
  const select = $("#game");
  select.replaceChildren(new Option("All games", ""), ...games.map((game) => new Option(`Game ${game}`, String(game))));
  select.value = state.game;
}

async function loadCampaigns() {
  const response = await fetch("/api/campaigns");
  campaigns = response.ok ? await response.json() : [];
  const tabs = $("#campaign-tabs");
  const allTime = document.createElement("button");
  allTime.type = "button";
  allTime.dataset.campaign = "";
  allTime.textContent = "All time";
  const buttons = campaigns.map((campaign) => {
    const button = document.createElement("button");
    button.type = "button";
    button.dataset.campaign = campaign.id;
    button.textContent = campaign.name;
    const tag = document.createElement("span");
    tag.className = "tag";
    tag.textContent = campaignStatus(campaign);
    button.append(tag);
    return button;
  });
  tabs.replaceChildren(allTime, ...buttons);
  press(tabs, "campaign", state.campaign);
}

function select(change) {
  Object.assign(state, change);
  press($("#campaign-tabs"), "campaign", state.campaign);
  press($("#window-tabs"), "window", state.window);
  fillGames();
  showCampaignInfo();
  subscribe();
  $("#around").replaceChildren();
}

async function findPlayer(event) {
  event.preventDefault();
  const id = $("#player-id").value.trim();
  const around = $("#around");
  const response = await fetch(`/api/players/${encodeURIComponent(id)}?${query({ around: 3 })}`);
  const body = await response.json();
  if (!response.ok) {
    const message = document.createElement("p");
    message.className = "status error";
    message.textContent = body.error;
    around.replaceChildren(message);
    return;
  }
  const table = document.createElement("table");
  table.id = "around-board";
  const tbody = document.createElement("tbody");
  const keep = previousRanks;
  previousRanks = null; // no arrows in the around-me view
  tbody.append(...body.entries.map((entry) => boardRow(entry, body.player.playerId)));
  previousRanks = keep;
  table.append(tbody);
  const title = document.createElement("p");
  title.className = "info";
  title.textContent = `${body.player.name} is number ${body.player.rank}`;
  around.replaceChildren(title, table);
}

async function refreshActivity() {
  try {
    const response = await fetch("/api/activity");
    if (!response.ok) return;
    const activity = await response.json();
    rememberLatency(activity.ingestLatencyMs);
    drawActivity(activity);
  } catch (e) {
    // the board's status line already says when the server is away
  }
}

function drawActivity(activity) {
  const canvas = $("#activity");
  const context = canvas.getContext("2d");
  const end = Date.parse(activity.asOf);
  const counts = new Array(60).fill(0);
  for (const { second, events } of activity.eventsPerSecond) {
    const slot = 59 - Math.floor((end - Date.parse(second)) / 1000);
    if (slot >= 0 && slot < 60) counts[slot] = events;
  }
  const peak = Math.max(...counts);
  const max = Math.max(1, peak);
  context.clearRect(0, 0, canvas.width, canvas.height);
  const width = canvas.width / 60;
  context.fillStyle = "#f5c542";
  counts.forEach((count, slot) => {
    const height = (count / max) * (canvas.height - 4);
    context.fillRect(slot * width + 1, canvas.height - height, width - 2, height);
  });
  drawLatency(context, canvas);
  const complete = counts.slice(0, 59);
  const perSecond = complete.reduce((sum, n) => sum + n, 0) / complete.length;
  const ms = activity.ingestLatencyMs;
  const latency = ms === null ? "–" : ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
  $("#activity-text").textContent =
    `${perSecond.toFixed(1)} spins/s over the last minute (bars, peak ${peak}/s); ingest latency ${latency} (line, median event → stored)`;
}

// The server answers the latency as of now; the page keeps a minute of answers to draw it over the bars' minute.
const LATENCY_SAMPLES = 60_000 / ACTIVITY_MS;
const latencies = [];

function rememberLatency(latencyMs) {
  latencies.push(latencyMs);
  if (latencies.length > LATENCY_SAMPLES) latencies.shift();
}

function drawLatency(context, canvas) {
  const known = latencies.filter((ms) => ms !== null);
  if (known.length === 0) return;
  const top = 1.25 * Math.max(100, ...known);
  const width = canvas.width / LATENCY_SAMPLES;
  const offset = LATENCY_SAMPLES - latencies.length;
  context.strokeStyle = "#1f6feb";
  context.lineWidth = 3;
  context.beginPath();
  let drawing = false;
  latencies.forEach((ms, i) => {
    if (ms === null) { drawing = false; return; }
    const x = (offset + i) * width + width / 2;
    const y = canvas.height - 2 - (ms / top) * (canvas.height - 6);
    if (drawing) context.lineTo(x, y); else context.moveTo(x, y);
    drawing = true;
  });
  context.stroke();
}

async function start() {
  await loadCampaigns();
  $("#campaign-tabs").addEventListener("click", (event) => {
    const button = event.target.closest("button");
    if (button) select({ campaign: button.dataset.campaign });
  });
  $("#window-tabs").addEventListener("click", (event) => {
    const button = event.target.closest("button");
    if (button) select({ window: button.dataset.window });
  });
  $("#metric").addEventListener("change", (event) => select({ metric: event.target.value }));
  $("#game").addEventListener("change", (event) => select({ game: event.target.value }));
  $("#player-search").addEventListener("submit", findPlayer);
  select({});
  refreshActivity();
  setInterval(refreshActivity, ACTIVITY_MS);
  setInterval(showFreshness, 1000);
}

start();
