/// The playground's one page: HTML, CSS and JavaScript inline, charts drawn as SVG and on a
/// canvas — nothing is loaded from the network, so it works offline.
///
/// The settings live in the URL (`?data=moons&hidden=10,5&…`, the `descent train` option names,
/// plus `pace`), each compared run as a `run=` parameter holding the settings it changes, and
/// `play=1` starts training on load. Every run is its own WebSocket to `/api/train`.
enum PlaygroundPage {
    static let html = #"""
<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Descent playground</title>
<style>
  :root { --c0: #e8891d; --c1: #2b7bba; --c2: #3a9e4f; --ink: #1d2733; --muted: #66727f; --line: #d8dde3; --bg: #f6f7f9; }
  * { box-sizing: border-box; }
  body { margin: 0; font: 14px/1.4 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--ink); background: var(--bg); }
  header { display: flex; flex-wrap: wrap; align-items: center; gap: 8px 16px; padding: 10px 16px; background: #fff; border-bottom: 1px solid var(--line); }
  header h1 { font-size: 18px; margin: 0 12px 0 0; }
  header .presets button { margin-right: 4px; }
  main { display: grid; grid-template-columns: 290px 1fr; gap: 12px; padding: 12px; }
  aside { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 10px 12px; align-self: start; }
  aside h2 { font-size: 13px; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); margin: 12px 0 6px; }
  aside h2:first-child { margin-top: 0; }
  label.field { display: grid; grid-template-columns: 110px 1fr; align-items: center; gap: 6px; margin: 4px 0; }
  label.field span { color: var(--muted); }
  input, select { font: inherit; padding: 3px 5px; border: 1px solid var(--line); border-radius: 4px; width: 100%; background: #fff; }
  button { font: inherit; padding: 4px 10px; border: 1px solid #b9c2cc; border-radius: 5px; background: #fff; cursor: pointer; }
  button:hover { background: #eef2f6; }
  button.primary { background: var(--c1); color: #fff; border-color: var(--c1); }
  .controls { display: flex; flex-wrap: wrap; gap: 6px; margin: 4px 0 8px; }
  .runs-editor .run { display: grid; grid-template-columns: 1fr auto; gap: 4px; margin: 3px 0; }
  #error { display: none; background: #fdecea; color: #8a1c12; border: 1px solid #f5c2bd; border-radius: 6px; padding: 8px 10px; margin: 0 12px; white-space: pre-wrap; }
  #lesson { color: var(--muted); margin: 0 12px; }
  #panels { display: grid; grid-template-columns: repeat(auto-fill, minmax(330px, 1fr)); gap: 12px; align-content: start; }
  .panel { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 10px; }
  .panel h3 { margin: 0 0 6px; font-size: 15px; display: flex; justify-content: space-between; gap: 8px; }
  .panel h3 small { color: var(--muted); font-weight: normal; white-space: nowrap; }
  .panel h3 .title { min-width: 0; overflow-wrap: anywhere; }
  .panel canvas { width: 100%; aspect-ratio: 1; border-radius: 4px; border: 1px solid var(--line); image-rendering: auto; }
  .stats { display: grid; grid-template-columns: repeat(3, 1fr); gap: 2px 8px; font-variant-numeric: tabular-nums; margin: 6px 0; }
  .stats b { display: block; font-size: 15px; }
  .stats span { color: var(--muted); font-size: 12px; }
  svg { width: 100%; display: block; }
  svg text { font-size: 10px; fill: var(--muted); }
  .warnings { color: #8a4b00; font-size: 12px; margin: 4px 0; }
  .panel pre { font-size: 11px; background: var(--bg); padding: 6px; border-radius: 4px; overflow-x: auto; margin: 6px 0 0; }
  .command { font-family: ui-monospace, monospace; font-size: 11px; color: var(--muted); word-break: break-all; margin-top: 6px; }
  .status { font-size: 12px; color: var(--muted); }
  .status.done { color: var(--c2); }
  .status.bad { color: #b3261e; }
</style>
</head>
<body>
<header>
  <h1>Descent playground</h1>
  <div class="presets" id="presets"></div>
</header>
<p id="lesson"></p>
<div id="error" role="alert"></div>
<main>
  <aside>
    <h2>Run</h2>
    <div class="controls">
      <button class="primary" id="play">Play</button>
      <button id="pause">Pause</button>
      <button id="step">Step</button>
      <button id="reset">Reset</button>
    </div>
    <div class="controls">
      <button id="check">Check gradients</button>
      <button id="copy">Copy command</button>
      <button id="download">Download model</button>
    </div>
    <h2>Data</h2>
    <label class="field"><span>data</span><select name="data" id="data"></select></label>
    <label class="field"><span>upload CSV</span><input type="file" id="upload" accept=".csv,.tsv,.tab,.gz,text/csv,text/tab-separated-values"></label>
    <label class="field"><span>dev fraction</span><input name="dev-fraction" placeholder="none"></label>
    <h2>Network</h2>
    <label class="field"><span>hidden</span><input name="hidden" placeholder="10,5"></label>
    <label class="field"><span>activation</span><select name="activation"></select></label>
    <label class="field"><span>init</span><input name="init" list="initializers" placeholder="default (he)"
      title="An initializer, or random:SCALE for random × SCALE"><datalist id="initializers"></datalist></label>
    <label class="field"><span>L2 λ</span><input name="l2" placeholder="0"></label>
    <label class="field"><span>keep prob</span><input name="keep-prob" placeholder="1"></label>
    <label class="field"><span>seed</span><input name="seed" placeholder="3"></label>
    <h2>Optimization</h2>
    <label class="field"><span>optimizer</span><select name="optimizer"></select></label>
    <label class="field"><span>learning rate</span><input name="learning-rate" placeholder="0.01"></label>
    <label class="field"><span>β (momentum)</span><input name="beta" placeholder="0.9"></label>
    <label class="field"><span>β1 (Adam)</span><input name="beta1" placeholder="0.9"></label>
    <label class="field"><span>β2 (Adam)</span><input name="beta2" placeholder="0.999"></label>
    <label class="field"><span>lr schedule</span><select name="lr-schedule"></select></label>
    <label class="field"><span>decay rate</span><input name="decay-rate" placeholder="schedule's"></label>
    <label class="field"><span>batch size</span><input name="batch-size" placeholder="full batch"></label>
    <label class="field"><span>epochs</span><input name="epochs" placeholder="15000"></label>
    <label class="field"><span>epochs / s</span><select name="pace">
      <option value="100">100</option><option value="1000">1,000</option><option value="3000">3,000</option>
      <option value="10000">10,000</option><option value="">as fast as it trains</option></select></label>
    <label class="field"><span>more options</span><input id="more" placeholder="e.g. shuffle=lab&amp;clip-norm=5"
      title="Any other descent train settings, as name=value&amp;name=value"></label>
    <h2>Compare</h2>
    <div class="runs-editor" id="runs"></div>
    <button id="add-run">+ run</button>
  </aside>
  <section id="panels"></section>
</main>
<script>
"use strict";
const FIELD_NAMES = ["data", "dev-fraction", "hidden", "activation", "init", "l2", "keep-prob", "seed", "optimizer", "learning-rate",
  "beta", "beta1", "beta2", "lr-schedule", "decay-rate", "batch-size", "epochs", "pace"];
const PALETTE = [[232, 137, 29], [43, 123, 186], [58, 158, 79], [150, 80, 170], [200, 60, 60]];
const $ = (selector, root = document) => root.querySelector(selector);
const field = name => document.querySelector(`[name="${name}"]`);
let options = null;
let runs = [{ label: "", settings: "" }];
let sessions = [];
let playing = false;
let uploadedNames = {};

function showError(message) {
  const box = $("#error");
  box.textContent = message || "";
  box.style.display = message ? "block" : "none";
}

function fillSelect(select, values, withDefault) {
  select.innerHTML = "";
  if (withDefault) select.append(new Option("default", ""));
  for (const value of values) select.append(typeof value === "string" ? new Option(value, value) : new Option(value.label, value.value));
}

function baseParams() {
  const params = new URLSearchParams();
  for (const name of FIELD_NAMES) {
    const value = field(name).value.trim();
    if (value !== "") params.set(name, value);
  }
  for (const [name, value] of new URLSearchParams($("#more").value.trim())) params.set(name, value);
  return params;
}

function runParams(run) {
  const params = baseParams();
  for (const [name, value] of new URLSearchParams(run.settings)) params.set(name, value);
  return params;
}

function syncURL() {
  const params = baseParams();
  for (const run of runs) if (runs.length > 1 || run.settings) params.append("run", run.settings);
  if (playing) params.set("play", "1");
  history.replaceState(null, "", "?" + params.toString());
}

function loadURL() {
  const params = new URLSearchParams(location.search);
  for (const name of FIELD_NAMES) {
    const element = field(name);
    if (params.has(name)) {
      const value = params.get(name);
      if (element.tagName === "SELECT" && ![...element.options].some(o => o.value === value)) element.append(new Option(value, value));
      element.value = value;
    }
  }
  const more = new URLSearchParams();
  for (const [name, value] of params) if (!FIELD_NAMES.includes(name) && name !== "run" && name !== "play") more.append(name, value);
  $("#more").value = more.toString();
  const given = params.getAll("run");
  runs = given.length ? given.map(settings => ({ label: "", settings })) : [{ label: "", settings: "" }];
  renderRunsEditor();
  return params.get("play") === "1";
}

function renderRunsEditor() {
  const box = $("#runs");
  box.innerHTML = "";
  runs.forEach((run, index) => {
    const row = document.createElement("div");
    row.className = "run";
    const input = document.createElement("input");
    input.value = run.settings;
    input.placeholder = index === 0 ? "changes, e.g. init=zeros" : "e.g. optimizer=adam";
    input.title = "Settings this run changes, as name=value&name=value";
    input.addEventListener("change", () => { run.settings = input.value.trim(); run.label = ""; resetAll(); syncURL(); });
    const remove = document.createElement("button");
    remove.textContent = "×";
    remove.title = "Remove this run";
    remove.disabled = runs.length === 1;
    remove.addEventListener("click", () => { runs.splice(index, 1); renderRunsEditor(); resetAll(); syncURL(); });
    row.append(input, remove);
    box.append(row);
  });
  $("#add-run").disabled = runs.length >= 4;
}

function applyPreset(preset) {
  for (const name of FIELD_NAMES) field(name).value = "";
  const more = new URLSearchParams();
  for (const [name, value] of new URLSearchParams(preset.settings)) {
    if (FIELD_NAMES.includes(name)) field(name).value = value; else more.append(name, value);
  }
  $("#more").value = more.toString();
  runs = preset.runs.map(run => ({ label: run.label, settings: run.settings }));
  $("#lesson").textContent = preset.title + ": " + preset.lesson;
  renderRunsEditor();
  resetAll();
  syncURL();
}

// ---- one panel per run ----
function makePanel(run, index) {
  const panel = document.createElement("div");
  panel.className = "panel";
  panel.dataset.run = index;
  panel.innerHTML = `
    <h3><span class="title"></span><small class="status">waiting</small></h3>
    <canvas width="320" height="320"></canvas>
    <div class="stats">
      <div><b class="epoch">–</b><span>epoch</span></div>
      <div><b class="cost">–</b><span>cost</span></div>
      <div><b class="lr">–</b><span>learning rate</span></div>
      <div><b class="train">–</b><span>train accuracy</span></div>
      <div><b class="dev">–</b><span>dev accuracy</span></div>
      <div><b class="test">–</b><span>test accuracy</span></div>
    </div>
    <svg class="curve" viewBox="0 0 320 120" role="img" aria-label="cost curve"></svg>
    <svg class="norms" viewBox="0 0 320 70" role="img" aria-label="gradient norms per layer"></svg>
    <div class="warnings"></div>
    <pre class="check" hidden></pre>
    <div class="command"></div>`;
  $(".title", panel).textContent = run.label || run.settings || `run ${index + 1}`;
  return panel;
}

function format(value, digits = 4) {
  if (value === null || value === undefined) return "–";
  if (typeof value === "string") return value;
  if (!isFinite(value)) return String(value);
  return Math.abs(value) >= 1e-3 && Math.abs(value) < 1e5 ? value.toPrecision(digits) : value.toExponential(2);
}

function percent(value) { return value === null || value === undefined ? "–" : (100 * value).toFixed(1) + " %"; }

function drawBoundary(session) {
  const { canvas, start, frame } = session;
  const context = canvas.getContext("2d");
  const width = canvas.width, height = canvas.height;
  context.clearRect(0, 0, width, height);
  const grid = start.grid;
  if (!grid) return;
  const n = grid.xs.length;
  const dx = n > 1 ? grid.xs[1] - grid.xs[0] : 1, dy = n > 1 ? grid.ys[1] - grid.ys[0] : 1;
  const x0 = grid.xs[0] - dx / 2, x1 = grid.xs[n - 1] + dx / 2, y0 = grid.ys[0] - dy / 2, y1 = grid.ys[n - 1] + dy / 2;
  const binary = start.classes.length <= 2;
  if (frame && frame.boundary) {
    const image = new ImageData(n, n);
    for (let row = 0; row < n; row++) {
      for (let column = 0; column < n; column++) {
        const value = frame.boundary[row * n + column];
        let color;
        if (binary) {
          const p = value / 1000;
          color = PALETTE[0].map((c, k) => c + (PALETTE[1][k] - c) * p);
        } else {
          color = PALETTE[value % PALETTE.length];
        }
        const offset = ((n - 1 - row) * n + column) * 4;
        image.data[offset] = 255 - (255 - color[0]) * 0.55;
        image.data[offset + 1] = 255 - (255 - color[1]) * 0.55;
        image.data[offset + 2] = 255 - (255 - color[2]) * 0.55;
        image.data[offset + 3] = 255;
      }
    }
    const cells = session.cells || (session.cells = document.createElement("canvas"));
    cells.width = n; cells.height = n;
    cells.getContext("2d").putImageData(image, 0, 0);
    context.imageSmoothingEnabled = true;
    context.drawImage(cells, 0, 0, width, height);
    canvas.dataset.drawn = "1";
  }
  for (const [x, y, label, split] of start.points) {
    const px = (x - x0) / (x1 - x0) * width, py = height - (y - y0) / (y1 - y0) * height;
    const color = PALETTE[label % PALETTE.length];
    context.beginPath();
    context.arc(px, py, split === 0 ? 3 : 3.5, 0, 2 * Math.PI);
    context.fillStyle = split === 0 ? `rgb(${color})` : "#fff";
    context.strokeStyle = split === 0 ? "#fff" : `rgb(${color})`;
    context.lineWidth = split === 0 ? 1 : 2;
    context.fill();
    context.stroke();
  }
}

function drawCurve(session) {
  const svg = $(".curve", session.panel);
  const points = session.costs;
  if (points.length === 0) { svg.innerHTML = ""; return; }
  const finite = points.filter(p => isFinite(p[1]) && p[1] > 0);
  const epochs = Math.max(session.start.epochs - 1, 1);
  const costs = finite.map(p => p[1]).concat(points.flatMap(p => p[2] > 0 && isFinite(p[2]) ? [p[2]] : []));
  const low = Math.log10(Math.max(Math.min(...costs, 1), 1e-6)), high = Math.log10(Math.max(...costs, 1e-5));
  const top = Math.ceil(high * 2) / 2, bottom = Math.floor(Math.min(low, top - 0.5) * 2) / 2;
  const X = epoch => 34 + epoch / epochs * 280, Y = cost => 6 + (top - Math.log10(Math.max(cost, 1e-12))) / (top - bottom) * 96;
  const path = series => series.map((p, i) => `${i ? "L" : "M"}${X(p[0]).toFixed(1)},${Y(p[1]).toFixed(1)}`).join("");
  const dev = points.filter(p => p[2] > 0 && isFinite(p[2])).map(p => [p[0], p[2]]);
  svg.innerHTML = `
    <line x1="34" y1="102" x2="314" y2="102" stroke="#d8dde3"/><line x1="34" y1="6" x2="34" y2="102" stroke="#d8dde3"/>
    <text x="30" y="10" text-anchor="end">${format(10 ** top, 2)}</text>
    <text x="30" y="104" text-anchor="end">${format(10 ** bottom, 2)}</text>
    <text x="34" y="116">0</text><text x="314" y="116" text-anchor="end">${epochs + 1} epochs</text>
    <text x="174" y="116" text-anchor="middle">cost (log scale)${dev.length ? " — dev dashed" : ""}</text>
    <path class="train-cost" d="${path(finite)}" fill="none" stroke="#2b7bba" stroke-width="1.6" data-points="${finite.length}"/>
    ${dev.length ? `<path d="${path(dev)}" fill="none" stroke="#e8891d" stroke-width="1.3" stroke-dasharray="4 3"/>` : ""}`;
}

function drawNorms(session) {
  const svg = $(".norms", session.panel);
  const norms = session.frame ? session.frame.gradientNorms : [];
  if (!norms.length) { svg.innerHTML = `<text x="4" y="14">‖dW‖ per layer: after the first diagnostics record</text>`; return; }
  const Y = value => 58 - (Math.log10(Math.max(value, 1e-10)) + 10) / 14 * 48;
  const width = Math.min(40, 270 / norms.length - 6);
  svg.innerHTML = `<text x="4" y="10">‖dW‖ per layer (log, 1e-10 … 1e4)</text>` + norms.map((norm, i) => {
    const x = 34 + i * (width + 6), y = isFinite(norm) ? Y(norm) : 10;
    return `<rect x="${x}" y="${y.toFixed(1)}" width="${width}" height="${(58 - y).toFixed(1)}" fill="${isFinite(norm) ? "#2b7bba" : "#b3261e"}"><title>‖dW${i + 1}‖ = ${format(norm)}</title></rect>
      <text x="${x + width / 2}" y="68" text-anchor="middle">W${i + 1}</text>
      <text x="${x + width / 2}" y="${Math.max(y - 2, 18).toFixed(1)}" text-anchor="middle">${format(norm, 2)}</text>`;
  }).join("");
}

function update(session) {
  const { panel, frame } = session;
  if (!frame) return;
  $(".epoch", panel).textContent = (frame.epoch + 1).toLocaleString();
  $(".cost", panel).textContent = format(frame.cost);
  $(".lr", panel).textContent = format(frame.learningRate, 3);
  $(".train", panel).textContent = percent(frame.trainAccuracy);
  $(".dev", panel).textContent = percent(frame.devAccuracy);
  $(".test", panel).textContent = percent(frame.testAccuracy);
  panel.dataset.epoch = frame.epoch;
  panel.dataset.frames = session.frames;
  const status = $(".status", panel);
  status.textContent = frame.finished ? frame.stopReason || "finished" : session.paused ? "paused" : "training";
  status.className = "status" + (frame.finished ? (frame.stopReason && frame.stopReason !== "completed" && frame.stopReason !== "stopped" ? " bad" : " done") : "");
  drawBoundary(session);
  drawCurve(session);
  drawNorms(session);
}

function onMessage(session, event) {
  if (typeof event.data !== "string") {
    const url = URL.createObjectURL(new Blob([event.data], { type: "application/octet-stream" }));
    const link = document.createElement("a");
    link.href = url;
    link.download = `descent-run${session.index + 1}.safetensors`;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
    return;
  }
  const message = JSON.parse(event.data);
  if (message.type === "start") {
    session.start = message;
    $(".command", session.panel).textContent = message.command;
    drawBoundary(session);
  } else if (message.type === "frame") {
    const cost = Number(message.cost), devCost = message.devCost === null ? null : Number(message.devCost);
    session.costs.push([message.epoch, cost, devCost]);
    if (session.costs.length > 1500) session.costs = session.costs.filter((_, i) => i % 2 === 0 || i === session.costs.length - 1);
    session.frame = message;
    session.frames += 1;
    for (const warning of message.warnings) {
      const line = document.createElement("div");
      line.textContent = "⚠ " + warning;
      $(".warnings", session.panel).append(line);
    }
    if (!session.scheduled) {
      session.scheduled = true;
      requestAnimationFrame(() => { session.scheduled = false; update(session); });
    }
  } else if (message.type === "check") {
    const pre = $(".check", session.panel);
    pre.hidden = false;
    pre.textContent = message.text;
    pre.dataset.passed = message.passed;
  } else if (message.type === "error") {
    showError(message.message);
  }
}

async function startAll(autoPlay) {
  resetAll();
  showError("");
  const panels = $("#panels");
  const started = [];
  for (const [index, run] of runs.entries()) {
    const query = runParams(run).toString();
    const panel = makePanel(run, index);
    panels.append(panel);
    const answer = await fetch("/api/settings?" + query);
    if (!answer.ok) {
      const body = await answer.json().catch(() => ({ error: answer.statusText }));
      showError(`${runs.length > 1 ? `run ${index + 1}: ` : ""}${body.error}`);
      $(".status", panel).textContent = "not started";
      $(".status", panel).className = "status bad";
      continue;
    }
    const socket = new WebSocket(`ws://${location.host}/api/train?${query}`);
    socket.binaryType = "arraybuffer";
    const session = { index, run, panel, socket, canvas: $("canvas", panel), costs: [], frames: 0, frame: null, start: null, paused: !autoPlay };
    socket.addEventListener("message", event => onMessage(session, event));
    socket.addEventListener("open", () => { session.opened = true; if (autoPlay) socket.send("play"); });
    socket.addEventListener("close", event => {
      if (!session.closing && !(session.frame && session.frame.finished)) {
        $(".status", panel).textContent = session.opened ? "disconnected" : "not started";
        $(".status", panel).className = "status bad";
        // The browser hides the refusal's status; the settings were fine, so it was the server's run limit.
        if (!session.opened) showError("The server refused the run: too many runs are training (see descent playground --max-runs); stop or reset one.");
      }
    });
    started.push(session);
  }
  sessions = started;
}

function send(command) {
  for (const session of sessions) if (session.socket.readyState === WebSocket.OPEN) session.socket.send(command);
}

function resetAll() {
  for (const session of sessions) { session.closing = true; session.socket.close(); }
  sessions = [];
  playing = false;
  $("#panels").innerHTML = "";
}

// ---- controls ----
$("#play").addEventListener("click", async () => {
  if (sessions.length === 0 || sessions.every(s => s.frame && s.frame.finished)) await startAll(true);
  else { for (const s of sessions) s.paused = false; send("play"); }
  playing = true;
  syncURL();
});
$("#pause").addEventListener("click", () => { for (const s of sessions) s.paused = true; send("pause"); playing = false; syncURL(); });
$("#step").addEventListener("click", async () => {
  if (sessions.length === 0) await startAll(false);
  else { for (const s of sessions) s.paused = true; send("pause"); send("step"); }
  playing = false;
  syncURL();
});
$("#reset").addEventListener("click", () => { resetAll(); syncURL(); });
$("#check").addEventListener("click", async () => { if (sessions.length === 0) await startAll(false); send("check"); });
$("#download").addEventListener("click", () => send("model"));
$("#copy").addEventListener("click", async () => {
  const commands = [];
  for (const run of runs) {
    const answer = await fetch("/api/settings?" + runParams(run).toString());
    const body = await answer.json();
    commands.push(answer.ok ? body.command : `# ${body.error}`);
  }
  const text = commands.join("\n");
  try { await navigator.clipboard.writeText(text); showError(""); $("#lesson").textContent = "Copied: " + text; }
  catch { $("#lesson").textContent = text; }
});
$("#add-run").addEventListener("click", () => {
  if (runs.length < 4) runs.push({ label: "", settings: "" });
  renderRunsEditor();
  syncURL();
});
$("#upload").addEventListener("change", async event => {
  const file = event.target.files[0];
  if (!file) return;
  const answer = await fetch("/api/upload?name=" + encodeURIComponent(file.name), { method: "POST", body: file });
  const body = await answer.json().catch(() => ({ error: answer.statusText }));
  if (!answer.ok) { showError(body.error); return; }
  const select = field("data");
  select.append(new Option(`${body.name} (${body.examples} examples)`, body.data));
  select.value = body.data;
  uploadedNames[body.data] = body.name;
  showError("");
  resetAll();
  syncURL();
});
for (const element of [...FIELD_NAMES.map(field), $("#more")]) element.addEventListener("change", () => { resetAll(); syncURL(); });

async function main() {
  options = await (await fetch("/api/options")).json();
  fillSelect(field("data"), options.datasets.map(d => ({ value: d.name, label: d.name })), false);
  field("data").value = "circles";
  fillSelect(field("activation"), options.activations, true);
  for (const name of options.initializers.concat(["random:1", "random:0.01"])) $("#initializers").append(new Option(name, name));
  fillSelect(field("optimizer"), options.optimizers, true);
  fillSelect(field("lr-schedule"), options.schedules, true);
  field("pace").value = "1000";
  for (const preset of options.presets) {
    const button = document.createElement("button");
    button.textContent = preset.title;
    button.title = preset.lesson;
    button.dataset.preset = preset.id;
    button.addEventListener("click", () => applyPreset(preset));
    $("#presets").append(button);
  }
  const autoPlay = loadURL();
  if (autoPlay) { playing = true; await startAll(true); }
  document.body.dataset.ready = "1";
}
main().catch(error => showError(String(error)));
</script>
</body>
</html>
"""#
}
