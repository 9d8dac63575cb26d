// The page of `lessonpack serve`: lesson list, editor (CodeMirror 6), problems and preview.
// Every piece of lesson text reaches the page through textContent or the editor, never as HTML.
import { autocompletion, completionKeymap } from "@codemirror/autocomplete";
import { defaultKeymap, history, historyKeymap, indentWithTab } from "@codemirror/commands";
import { yaml } from "@codemirror/lang-yaml";
import { bracketMatching, defaultHighlightStyle, indentOnInput, syntaxHighlighting } from "@codemirror/language";
import { lintGutter, setDiagnostics } from "@codemirror/lint";
import { highlightSelectionMatches, searchKeymap } from "@codemirror/search";
import { EditorState } from "@codemirror/state";
import {
  drawSelection,
  EditorView,
  highlightActiveLine,
  highlightActiveLineGutter,
  keymap,
  lineNumbers,
} from "@codemirror/view";

const token = document.querySelector('meta[name="lessonpack-token"]').content;
const PAUSE_MS = 150; // the preview follows once typing pauses this long
const KINDS = ["worksheet", "answers", "slides"];
const $ = (id) => document.getElementById(id);

const state = { name: null, hash: null, view: null, sequence: 0, shown: 0, timer: null, diskHash: null, kind: "worksheet" };

async function api(method, path, body) {
  const response = await fetch(path, {
    method,
    headers: { "X-Lessonpack-Token": token, "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const data = response.headers.get("Content-Type")?.startsWith("application/json") ? await response.json() : null;
  return { status: response.status, data };
}

function element(tag, text, className) {
  const made = document.createElement(tag);
  if (text !== undefined) made.textContent = text;
  if (className) made.className = className;
  return made;
}

function status(text) {
  $("status").textContent = text;
}

// Drafts: the unsaved text of each lesson, kept in this browser until it is saved.
const draftKey = (name) => `lessonpack:draft:${name}`;
function readDraft(name) {
  try {
    return JSON.parse(localStorage.getItem(draftKey(name)));
  } catch {
    return null;
  }
}
function keepDraft() {
  if (state.name) {
    const text = state.view.state.doc.toString();
    localStorage.setItem(draftKey(state.name), JSON.stringify({ text, hash: state.hash }));
  }
}

// The lesson list.
async function showLessons() {
  const { data } = await api("GET", "/api/lessons");
  const list = $("lessons");
  list.replaceChildren();
  for (const lesson of data) {
    const button = element("button");
    button.type = "button";
    button.append(element("span", lesson.title), element("span", lesson.name, "file"));
    if (!lesson.ok) button.append(element("span", "has problems", "broken"));
    if (lesson.name === state.name) button.setAttribute("aria-current", "true");
    button.addEventListener("click", () => openLesson(lesson.name));
    const item = element("li");
    item.append(button);
    list.append(item);
  }
}

// Completion: the field names and part types of the schema `lessonpack schema` prints, offered
// where a field's name or a part's type is typed, never in the middle of a teacher's sentence.
const completions = { names: [], types: [] };
async function loadSchema() {
  const { data } = await api("GET", "/api/schema");
  const names = new Set();
  const types = new Set();
  const walk = (node) => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== "object") return;
    if (node.properties) {
      Object.keys(node.properties).forEach((key) => names.add(key));
      const type = node.properties.type;
      if (type?.const) types.add(type.const);
      type?.enum?.forEach((value) => types.add(value));
    }
    Object.values(node).forEach(walk);
  };
  walk(data);
  completions.names = [...names].map((label) => ({ label, type: "property", apply: `${label}: ` }));
  completions.types = [...types].map((label) => ({ label, type: "enum", detail: "part type" }));
}
function complete(context) {
  const line = context.state.doc.lineAt(context.pos);
  const before = line.text.slice(0, context.pos - line.from);
  const partType = /^\s*(?:-\s+)?type:\s*([A-Za-z_]*)$/.exec(before);
  if (partType) return { from: context.pos - partType[1].length, options: completions.types };
  const name = /^\s*(?:-\s+)?([A-Za-z_]*)$/.exec(before);
  if (!name || (!name[1] && !context.explicit)) return null;
  return { from: context.pos - name[1].length, options: completions.names, validFor: /^[A-Za-z_]*$/ };
}

// The editor.
function makeEditor(text) {
  const parent = $("editor");
  parent.replaceChildren();
  state.view = new EditorView({
    parent,
    state: EditorState.create({
      doc: text,
      extensions: [
        lineNumbers(),
        highlightActiveLineGutter(),
        history(),
        drawSelection(),
        indentOnInput(),
        bracketMatching(),
        highlightActiveLine(),
        highlightSelectionMatches(),
        syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
        yaml(),
        lintGutter(),
        autocompletion({ override: [complete] }),
        EditorView.lineWrapping,
        EditorState.tabSize.of(2),
        keymap.of([indentWithTab, ...defaultKeymap, ...historyKeymap, ...searchKeymap, ...completionKeymap]),
        EditorView.contentAttributes.of({ "aria-label": "Lesson spec (YAML)" }),
        EditorView.updateListener.of((update) => {
          if (update.docChanged) {
            keepDraft();
            schedulePreview();
          }
        }),
      ],
    }),
  });
}

function setText(text) {
  const view = state.view;
  view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
}

async function openLesson(name) {
  const { status: code, data } = await api("GET", `/api/lessons/${encodeURIComponent(name)}`);
  if (code !== 200) return status(data?.error ?? "could not open the lesson");
  state.name = name;
  state.hash = data.hash;
  $("work").hidden = false;
  $("preview").hidden = false;
  $("lesson-name").textContent = name;
  $("conflict").hidden = true;
  $("outputs").replaceChildren();
  const draft = readDraft(name);
  const restored = draft && draft.text !== data.text;
  makeEditor(restored ? draft.text : data.text);
  $("restored").hidden = !restored;
  if (restored && draft.hash !== data.hash) showConflict(data.text, data.hash);
  showLessons();
  preview();
}

// Problems: on their lines in the editor, and listed beside it.
function position(doc, line, column) {
  const found = doc.line(Math.min(Math.max(line, 1), doc.lines));
  return Math.min(found.from + Math.max(column - 1, 0), found.to);
}
function showProblems(problems) {
  const view = state.view;
  const doc = view.state.doc;
  const diagnostics = problems.map((problem) => {
    const from = position(doc, problem.line, problem.column);
    return {
      from,
      to: Math.max(from, doc.lineAt(from).to),
      severity: problem.warning ? "warning" : "error",
      message: `${problem.where}: ${problem.message}`,
    };
  });
  view.dispatch(setDiagnostics(view.state, diagnostics));
  const list = $("problems");
  list.replaceChildren();
  if (!problems.length) list.append(element("li", "No problems.", "none"));
  for (const problem of problems) {
    const button = element("button");
    button.type = "button";
    button.append(element("span", `line ${problem.line}`, "where"), element("span", `${problem.where}: ${problem.message}`));
    button.addEventListener("click", () => {
      const at = position(view.state.doc, problem.line, problem.column);
      view.dispatch({ selection: { anchor: at }, scrollIntoView: true });
      view.focus();
    });
    const item = element("li", undefined, problem.warning ? "warning" : "error");
    item.dataset.line = problem.line;
    item.append(button);
    list.append(item);
  }
}

// The preview: asked for once typing pauses, of the document in view only (switching tabs asks for
// the next); only the newest answer is shown, and while the spec is broken the last good pictures
// stay, dimmed.
function schedulePreview() {
  clearTimeout(state.timer);
  state.timer = setTimeout(preview, PAUSE_MS);
}
async function preview() {
  const sequence = ++state.sequence;
  const name = state.name;
  const kind = state.kind;
  const text = state.view.state.doc.toString();
  const { status: code, data } = await api("POST", "/api/preview", { name, text, kinds: [kind] });
  if (sequence < state.shown || name !== state.name) return;
  state.shown = sequence;
  if (code !== 200) return status(data?.error ?? "the preview failed");
  showProblems(data.problems);
  const pane = $(`pane-${kind}`);
  if (!data.ok) for (const other of KINDS) $(`pane-${other}`).classList.add("stale");
  else {
    pane.classList.remove("stale");
    const pictures = data.pages[kind].map((url, index) => {
      const picture = element("img");
      picture.src = url;
      picture.loading = "lazy";
      picture.alt = `${kind} page ${index + 1}`;
      return picture;
    });
    pane.replaceChildren(...(pictures.length ? pictures : [element("p", "Nothing here.", "empty")]));
  }
  status(data.ok ? "Preview up to date" : "The spec has problems: the preview shows the last version that built");
}

function chooseTab(kind) {
  state.kind = kind;
  for (const other of KINDS) {
    $(`tab-${other}`).setAttribute("aria-selected", String(other === kind));
    $(`pane-${other}`).hidden = other !== kind;
  }
  if (state.name) preview();
}

// Saving, and a file changed on disk by someone else.
async function save(hash = state.hash) {
  const text = state.view.state.doc.toString();
  const { status: code, data } = await api("PUT", `/api/lessons/${encodeURIComponent(state.name)}`, { text, hash });
  if (code === 409) return showConflict(data.text, data.hash);
  if (code !== 200) return status(data?.error ?? "could not save");
  state.hash = data.hash;
  localStorage.removeItem(draftKey(state.name));
  $("conflict").hidden = true;
  $("restored").hidden = true;
  status(`Saved ${state.name}`);
  showLessons();
}
function showConflict(text, hash) {
  state.diskHash = hash;
  $("disk-text").textContent = text;
  $("conflict").hidden = false;
  status("Not saved: the file changed on disk");
}

// Build, download and open the pack's files.
async function build() {
  await save();
  if (!$("conflict").hidden) return;
  status("Building the pack…");
  const { status: code, data } = await api("POST", "/api/build", { name: state.name });
  if (code !== 200) return status(data?.error ?? "the build failed");
  if (!data.ok) {
    showProblems(data.problems);
    return status("The pack was not built: see the problems");
  }
  const links = data.files.map((file) => {
    const link = element("a", file.name.endsWith("-teacher.zip") ? `Download zip (${file.name})` : file.name);
    link.href = file.url;
    if (file.name.endsWith(".pdf")) link.target = "_blank";
    else link.download = file.name;
    return link;
  });
  $("outputs").replaceChildren(...links);
  status("Pack built");
}

async function addPartMenu() {
  const { data } = await api("GET", "/api/parts");
  const menu = $("add-part");
  for (const type of Object.keys(data)) menu.append(new Option(type, type));
  menu.addEventListener("change", () => {
    const example = data[menu.value];
    menu.value = "";
    if (!example) return;
    const view = state.view;
    const line = view.state.doc.lineAt(view.state.selection.main.head);
    const insert = (line.length ? "\n" : "") + example.replace(/^/gm, "  ").trimEnd() + "\n";
    view.dispatch({ changes: { from: line.to, insert }, selection: { anchor: line.to + insert.length } });
    view.focus();
  });
}

async function newLesson(event) {
  event.preventDefault();
  const { status: code, data } = await api("POST", "/api/lessons", { name: $("new-name").value });
  if (code !== 201) return status(data?.error ?? "could not create the lesson");
  $("new-name").value = "";
  openLesson(data.name);
}

function start() {
  $("save").addEventListener("click", () => save());
  $("build").addEventListener("click", build);
  $("keep-mine").addEventListener("click", () => save(state.diskHash));
  $("take-disk").addEventListener("click", () => {
    setText($("disk-text").textContent);
    state.hash = state.diskHash;
    localStorage.removeItem(draftKey(state.name));
    $("conflict").hidden = true;
  });
  $("new-lesson").addEventListener("submit", newLesson);
  for (const kind of KINDS) $(`tab-${kind}`).addEventListener("click", () => chooseTab(kind));
  document.addEventListener("keydown", (event) => {
    if ((event.ctrlKey || event.metaKey) && event.key === "s") {
      event.preventDefault();
      if (state.name) save();
    }
  });
  showLessons();
  loadSchema();
  addPartMenu();
}

start();
