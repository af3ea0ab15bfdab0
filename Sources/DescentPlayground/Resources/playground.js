"use strict";
const FIELD_NAMES = ["data", "dev-fraction", "hidden", "activation", "normalized-layers", "init", "l2", "keep-prob", "seed", "optimizer",
  "learning-rate", "beta", "beta1", "beta2", "lr-schedule", "decay-rate", "batch-size", "epochs", "pace"];
const PALETTE = [[232, 137, 29], [43, 123, 186], [58, 158, 79], [150, 80, 170], [200, 60, 60]];
const $ = (selector, root = document) => root.querySelector(selector);
const field = name => document.querySelector(`[name="${name}"]`);
// The normalization: a choice among flags, each option's value a setting's name, the chosen one sent on (batch-norm=true).
const NORMALIZATION = $("#normalization");
const NORMALIZATION_FLAGS = [...NORMALIZATION.options].map(option => option.value).filter(Boolean);
let options = null;
let runs = [{ label: "", settings: "" }];
let sessions = [];
let playing = false;
let uploadedNames = {};

function showError(message) {
  const box = $("#error");
  box.textContent = message || "";
  box.style.display = message ? "block" : "none";
  // On a phone the message sits above the controls, maybe out of view.
  if (message) box.scrollIntoView({ block: "nearest" });
}

function fillSelect(select, values, withDefault) {
  select.innerHTML = "";
  if (withDefault) select.append(new Option("default", ""));
  for (const value of values) select.append(typeof value === "string" ? new Option(value, value) : new Option(value.label, value.value));
}

function baseParams() {
  const params = new URLSearchParams();
  for (const name of FIELD_NAMES) {
    // The normalization's flag before its layers, in the form's order.
    if (name === "normalized-layers" && NORMALIZATION.value) params.set(NORMALIZATION.value, "true");
    const value = field(name).value.trim();
    if (value !== "" && !field(name).disabled) params.set(name, value);
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

// Sets the fields `params` names and the normalization (the first of its flags set to true); the
// rest (but run and play) goes to "more options", where the server judges it.
function fillFields(params) {
  NORMALIZATION.value = "";
  const more = new URLSearchParams();
  for (const [name, value] of params) {
    if (FIELD_NAMES.includes(name)) {
      const element = field(name);
      if (element.tagName === "SELECT" && ![...element.options].some(o => o.value === value)) element.append(new Option(value, value));
      element.value = value;
    } else if (NORMALIZATION_FLAGS.includes(name) && value === "true" && !NORMALIZATION.value) {
      NORMALIZATION.value = name;
    } else if (name !== "run" && name !== "play") {
      more.append(name, value);
    }
  }
  $("#more").value = more.toString();
  showNormalization();
}

// The normalized layers apply only with a normalization.
function showNormalization() {
  field("normalized-layers").disabled = !NORMALIZATION.value;
}

function loadURL() {
  const params = new URLSearchParams(location.search);
  fillFields(params);
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
  fillFields(new URLSearchParams(preset.settings));
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

// A tick label that fits the 30 px left of a chart: 0.32, 3.2, 320, 3.2e4, 1e-5.
function axisNumber(value) {
  if (value >= 0.01 && value < 1e4) return String(Number(value.toPrecision(2)));
  return value.toExponential(1).replace("e+", "e").replace(".0e", "e");
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
    <text x="30" y="10" text-anchor="end">${axisNumber(10 ** top)}</text>
    <text x="30" y="104" text-anchor="end">${axisNumber(10 ** bottom)}</text>
    <text x="34" y="116">0</text><text x="314" y="116" text-anchor="end">${epochs + 1} epochs</text>
    <text x="174" y="116" text-anchor="middle">cost (log scale)${dev.length ? " — dev dashed" : ""}</text>
    <path class="train-cost" d="${path(finite)}" fill="none" stroke="#2b7bba" stroke-width="1.6" data-points="${finite.length}"/>
    ${dev.length ? `<path d="${path(dev)}" fill="none" stroke="#e8891d" stroke-width="1.3" stroke-dasharray="4 3"/>` : ""}`;
}

// One bar per layer; a normalized layer's label carries its tag (BN, LN) on a second line.
function drawNorms(session) {
  const svg = $(".norms", session.panel);
  const norms = session.frame ? session.frame.gradientNorms : [];
  const normalization = session.start ? session.start.normalization : [];
  svg.setAttribute("viewBox", `0 0 320 ${normalization.some(Boolean) ? 80 : 70}`);
  if (!norms.length) { svg.innerHTML = `<text x="4" y="14">‖dW‖ per layer: after the first diagnostics record</text>`; return; }
  const Y = value => 58 - (Math.log10(Math.max(value, 1e-10)) + 10) / 14 * 48;
  const width = Math.min(40, 270 / norms.length - 6);
  svg.innerHTML = `<text x="4" y="10">‖dW‖ per layer (log, 1e-10 … 1e4)</text>` + norms.map((norm, i) => {
    const x = 34 + i * (width + 6), y = isFinite(norm) ? Y(norm) : 10;
    const normalized = normalization[i] ? ` (${normalization[i].name} normalization)` : "";
    return `<rect x="${x}" y="${y.toFixed(1)}" width="${width}" height="${(58 - y).toFixed(1)}" fill="${isFinite(norm) ? "#2b7bba" : "#b3261e"}"><title>‖dW${i + 1}‖ = ${format(norm)}${normalized}</title></rect>
      <text x="${x + width / 2}" y="68" text-anchor="middle">W${i + 1}</text>
      ${normalized ? `<text class="tag" x="${x + width / 2}" y="78" text-anchor="middle">${normalization[i].tag}<title>layer ${i + 1}${normalized}</title></text>` : ""}
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
  // A run that diverged is marked; one that completed, was stopped or converged is done.
  const fine = !frame.stopReason || ["completed", "stopped"].includes(frame.stopReason) || frame.stopReason.startsWith("converged");
  status.className = "status" + (frame.finished ? (fine ? " done" : " bad") : "");
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
      line.textContent = "⚠ " + warning.text;
      const change = Object.entries(warning.change || {});
      if (change.length && runs.length < 4) {
        // "Try this": the run with the warning's change, trained beside this one from the start.
        const button = document.createElement("button");
        button.className = "try";
        button.textContent = "try " + change.map(([name, value]) => `${name} ${value}`).join(", ");
        button.title = "Train this run again with the suggested change, beside the original, to compare";
        button.addEventListener("click", () => tryChange(session.run, change));
        line.append(" ", button);
      }
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
  panels.innerHTML = "";
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

// Adds `run` with `change` ([name, value] pairs) as a compared run and trains both from the start.
async function tryChange(run, change) {
  const settings = new URLSearchParams(run.settings);
  for (const [name, value] of change) settings.set(name, value);
  if (runs.length >= 4 || runs.some(other => other.settings === settings.toString())) return;
  runs.push({ label: `${run.label || run.settings || "run " + (runs.indexOf(run) + 1)} — try ${change.map(([n, v]) => `${n} ${v}`).join(", ")}`,
              settings: settings.toString() });
  renderRunsEditor();
  await startAll(true);
  playing = true;
  syncURL();
}

function send(command) {
  for (const session of sessions) if (session.socket.readyState === WebSocket.OPEN) session.socket.send(command);
}

function resetAll() {
  for (const session of sessions) { session.closing = true; session.socket.close(); }
  sessions = [];
  playing = false;
  $("#panels").innerHTML = "";
  // The runs waiting for play, so a preset shows at once what it will compare.
  for (const [index, run] of runs.entries()) $("#panels").append(makePanel(run, index));
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
NORMALIZATION.addEventListener("change", () => { showNormalization(); resetAll(); syncURL(); });

async function main() {
  options = await (await fetch("/api/options")).json();
  fillSelect(field("data"), options.datasets.map(d => ({ value: d.name, label: d.name })), false);
  field("data").value = "circles";
  fillSelect(field("activation"), options.activations, true);
  for (const name of options.initializers.concat(["random:1", "random:0.01"])) $("#initializers").append(new Option(name, name));
  fillSelect(field("optimizer"), options.optimizers, true);
  fillSelect(field("lr-schedule"), options.schedules, true);
  // Each setting's help from the vocabulary, as the control's tooltip.
  for (const [name, help] of Object.entries(options.help)) {
    for (const element of document.querySelectorAll(`[name="${name}"], #normalization option[value="${name}"]`)) element.title ||= help;
  }
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
