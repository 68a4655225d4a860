// The chat page: a nickname in the session cookie (POST /api/session), then one WebSocket to
// /ws/rooms/{room}. Everything shown is set with textContent, never parsed as HTML.
"use strict";

const $ = (id) => document.getElementById(id);
let socket = null;

function show(id, text) { $(id).textContent = text || ""; }

function item(parts, className) {
  const li = document.createElement("li");
  if (className) li.className = className;
  for (const [cls, text] of parts) {
    const span = document.createElement("span");
    if (cls) span.className = cls;
    span.textContent = text;
    li.append(span);
  }
  return li;
}

function addMessage(m) {
  const time = new Date(m.at).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
  $("messages").append(item([["from", m.from], ["", m.text], ["at", time]]));
  $("messages").scrollTop = $("messages").scrollHeight;
}

function addEvent(text) {
  $("messages").append(item([["", text]], "event"));
}

const members = new Set();
function renderMembers() {
  $("members").replaceChildren(...[...members].sort().map((m) => item([["", m]])));
}

function connect(room) {
  const scheme = location.protocol === "https:" ? "wss" : "ws";
  socket = new WebSocket(`${scheme}://${location.host}/ws/rooms/${encodeURIComponent(room)}`);
  socket.onopen = () => show("status", `connected to ${room}`);
  socket.onmessage = (event) => {
    const e = JSON.parse(event.data);
    switch (e.type) {
      case "history": e.messages.forEach(addMessage); break;
      case "presence": members.clear(); e.members.forEach((m) => members.add(m)); renderMembers(); break;
      case "joined": members.add(e.who); renderMembers(); addEvent(`${e.who} joined`); break;
      case "left": members.delete(e.who); renderMembers(); addEvent(`${e.who} left`); break;
      case "message": addMessage(e); break;
      case "error": show("chat-error", e.error); break;
    }
  };
  socket.onclose = (event) => {
    show("status", `disconnected (${event.code})`);
    show("chat-error", event.code === 1000 ? "" : "the connection closed; reload to join again");
  };
}

$("login").addEventListener("submit", async (event) => {
  event.preventDefault();
  show("login-error", "");
  const room = $("room").value.trim();
  const response = await fetch("/api/session", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ nickname: $("nickname").value }),
  });
  const body = await response.json();
  if (!response.ok) { show("login-error", body.detail); return; }
  $("login").hidden = true;
  $("chat").hidden = false;
  show("room-name", room);
  connect(room);
});

$("send").addEventListener("submit", (event) => {
  event.preventDefault();
  show("chat-error", "");
  if (socket && socket.readyState === WebSocket.OPEN) {
    socket.send(JSON.stringify({ type: "message", text: $("text").value }));
    $("text").value = "";
  }
});
