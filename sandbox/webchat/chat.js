// The sandbox web chat: a thin client of /sandbox/api/ (no build step, no libraries).
// Bot text is drawn from Telegram entities with DOM calls; nothing is parsed as HTML.
"use strict";

(() => {
  const API = "/sandbox/api";
  const $ = (id) => document.getElementById(id);
  const state = { bot: null, user: null, seq: 0, generation: 0, nodes: new Map() };
  const TAGS = {
    bold: "b", italic: "i", underline: "u", strikethrough: "s", spoiler: "span",
    code: "code", pre: "pre", blockquote: "blockquote", expandable_blockquote: "blockquote",
    text_link: "a", custom_emoji: "span", bot_command: "span",
  };

  async function call(method, path, body) {
    const options = { method, headers: {} };
    if (body instanceof FormData) {
      options.body = body;
    } else if (body !== undefined) {
      options.headers["Content-Type"] = "application/json";
      options.body = JSON.stringify(body);
    }
    const response = await fetch(API + path, options);
    const data = await response.json();
    if (!response.ok) throw new Error(data.error || response.statusText);
    return data;
  }

  function toast(text, alert) {
    const box = $("toast");
    box.textContent = text;
    box.classList.toggle("alert", Boolean(alert));
    box.hidden = false;
    clearTimeout(toast.timer);
    toast.timer = setTimeout(() => { box.hidden = true; }, 3000);
  }

  function safeUrl(url) {
    return /^(https?:|tg:|mailto:)/i.test(url || "") ? url : null;
  }

  function entityElement(entity) {
    const element = document.createElement(TAGS[entity.type] || "span");
    if (entity.type === "spoiler") {
      element.className = "tg-spoiler";
      element.addEventListener("click", () => element.classList.add("revealed"));
    } else if (entity.type === "text_link") {
      const href = safeUrl(entity.url);
      if (href) { element.href = href; element.target = "_blank"; element.rel = "noopener"; }
    } else if (entity.type === "pre" && entity.language) {
      element.className = "language-" + entity.language;
    } else if (entity.type === "bot_command") {
      element.className = "bot-command";
    }
    return element;
  }

  // Entities are sorted by offset, outer first; offsets count UTF-16 units, as JS does.
  function build(parent, text, entities, start, end) {
    let position = start;
    let index = 0;
    while (index < entities.length) {
      const entity = entities[index];
      const stop = entity.offset + entity.length;
      const inner = [];
      let next = index + 1;
      while (next < entities.length && entities[next].offset < stop) {
        if (entities[next].offset + entities[next].length <= stop) inner.push(entities[next]);
        next += 1;
      }
      if (entity.offset >= position) {
        if (entity.offset > position) parent.append(text.slice(position, entity.offset));
        const element = entityElement(entity);
        build(element, text, inner, entity.offset, stop);
        parent.append(element);
        position = stop;
      }
      index = next;
    }
    if (position < end) parent.append(text.slice(position, end));
  }

  function richText(text, entities) {
    const box = document.createElement("div");
    box.className = "text";
    box.dataset.testid = "message-text";
    const sorted = [...(entities || [])].sort((a, b) => a.offset - b.offset || b.length - a.length);
    build(box, text, sorted, 0, text.length);
    return box;
  }

  function inlineKeyboard(message) {
    const markup = message.reply_markup;
    if (!markup || !markup.inline_keyboard) return null;
    const keyboard = document.createElement("div");
    keyboard.className = "inline-keyboard";
    for (const row of markup.inline_keyboard) {
      const line = document.createElement("div");
      line.className = "row";
      for (const button of row) {
        let control;
        if (button.url && safeUrl(button.url)) {
          control = document.createElement("a");
          control.href = safeUrl(button.url);
          control.target = "_blank";
          control.rel = "noopener";
        } else {
          control = document.createElement("button");
          control.type = "button";
          control.addEventListener("click", () => press(message.message_id, button));
        }
        control.textContent = button.text;
        control.dataset.testid = "inline-button";
        if (button.callback_data !== undefined) control.dataset.callbackData = button.callback_data;
        line.append(control);
      }
      keyboard.append(line);
    }
    return keyboard;
  }

  function attachments(message) {
    const parts = [];
    for (const file of message.files || []) {
      if (file.kind === "photo") {
        const image = document.createElement("img");
        image.src = file.url;
        image.alt = "photo";
        image.dataset.testid = "message-photo";
        parts.push(image);
      } else if (file.kind === "voice") {
        const audio = document.createElement("audio");
        audio.controls = true;
        audio.src = file.url;
        parts.push(audio);
      } else {
        const link = document.createElement("a");
        link.href = file.url;
        link.download = file.file_name || "file";
        link.textContent = "📄 " + (file.file_name || "document");
        parts.push(link);
      }
    }
    if (message.contact) {
      const card = document.createElement("div");
      card.className = "contact";
      card.textContent = "☎ " + [message.contact.first_name, message.contact.last_name]
        .filter(Boolean).join(" ") + " " + message.contact.phone_number;
      parts.push(card);
    }
    return parts;
  }

  function messageNode(message) {
    const item = document.createElement("li");
    item.className = "message " + (message.from_bot ? "from-bot" : "from-user");
    item.dataset.testid = "message";
    item.dataset.messageId = message.message_id;
    item.dataset.from = message.from_bot ? "bot" : "user";
    item.append(...attachments(message));
    if (message.plain_text) item.append(richText(message.plain_text, message.entities));
    const keyboard = inlineKeyboard(message);
    if (keyboard) item.append(keyboard);
    const meta = document.createElement("div");
    meta.className = "meta";
    const time = new Date(message.date * 1000).toLocaleTimeString();
    meta.textContent = (message.edited ? "edited " : "") + time;
    if (message.edited) item.dataset.edited = "true";
    item.append(meta);
    return item;
  }

  function showMessage(message) {
    const old = state.nodes.get(message.message_id);
    if (message.deleted) {
      if (old) old.remove();
      state.nodes.delete(message.message_id);
      return;
    }
    const node = messageNode(message);
    if (old) {
      old.replaceWith(node);
    } else {
      $("messages").append(node);
      node.scrollIntoView({ block: "end" });
    }
    state.nodes.set(message.message_id, node);
  }

  function showReplyKeyboard(markup) {
    const box = $("reply-keyboard");
    box.replaceChildren();
    box.hidden = !markup || !markup.keyboard;
    if (box.hidden) return;
    for (const row of markup.keyboard) {
      const line = document.createElement("div");
      line.className = "row";
      for (const raw of row) {
        const button = typeof raw === "string" ? { text: raw } : raw;
        const control = document.createElement("button");
        control.type = "button";
        control.textContent = button.text;
        control.dataset.testid = "reply-button";
        control.addEventListener("click", () => {
          if (button.request_contact) shareContact(); else sendText(button.text);
        });
        line.append(control);
      }
      box.append(line);
    }
  }

  async function poll(generation) {
    while (generation === state.generation) {
      try {
        const query = `?bot=${state.bot}&after=${state.seq}&wait=25`;
        const found = await call("GET", `/chats/${state.user.id}/messages${query}`);
        if (generation !== state.generation) return;
        found.messages.forEach(showMessage);
        showReplyKeyboard(found.reply_keyboard);
        state.seq = found.seq;
      } catch (error) {
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
    }
  }

  function openChat(user) {
    state.user = user;
    state.seq = 0;
    state.generation += 1;
    state.nodes.clear();
    $("messages").replaceChildren();
    showReplyKeyboard(null);
    const name = [user.first_name, user.last_name].filter(Boolean).join(" ");
    $("chat-title").textContent = `${name} ↔ @${botName()}`;
    location.hash = `user=${user.id}`;
    poll(state.generation);
  }

  function botName() {
    const option = $("bot-select").selectedOptions[0];
    return option ? option.textContent : "";
  }

  async function guarded(action) {
    if (!state.user) { toast("Pick a user first", true); return; }
    try { await action(); } catch (error) { toast(error.message, true); }
  }

  const sendText = (text) => guarded(() =>
    call("POST", `/chats/${state.user.id}/messages`, { text, bot: state.bot }));
  const shareContact = () => guarded(() =>
    call("POST", `/chats/${state.user.id}/contact`, { bot: state.bot }));

  function press(messageId, button) {
    return guarded(async () => {
      const answer = await call("POST", `/chats/${state.user.id}/press`, {
        bot: state.bot, message_id: messageId, data: button.callback_data, text: button.text,
        wait: 10,
      });
      if (answer.answer && answer.answer.text) toast(answer.answer.text, answer.answer.show_alert);
      if (answer.answer && answer.answer.url && safeUrl(answer.answer.url)) {
        window.open(safeUrl(answer.answer.url), "_blank", "noopener");
      }
    });
  }

  async function loadUsers(selectId) {
    const { users } = await call("GET", "/users");
    const select = $("user-select");
    select.replaceChildren(new Option("(pick a user)", ""));
    for (const user of users) {
      const label = `${user.first_name}${user.last_name ? " " + user.last_name : ""} (${user.id})`;
      select.append(new Option(label, String(user.id)));
    }
    if (selectId) {
      select.value = String(selectId);
      const user = users.find((candidate) => candidate.id === Number(selectId));
      if (user) openChat(user);
    }
    return users;
  }

  function start() {
    const bots = JSON.parse(document.body.dataset.bots || "[]");
    for (const bot of bots) $("bot-select").append(new Option(bot.username, String(bot.id)));
    state.bot = bots.length ? String(bots[0].id) : null;
    $("bot-select").addEventListener("change", (event) => {
      state.bot = event.target.value;
      if (state.user) openChat(state.user);
    });
    $("user-select").addEventListener("change", (event) => {
      if (event.target.value) loadUsers(event.target.value);
    });
    $("new-user").addEventListener("submit", async (event) => {
      event.preventDefault();
      const fields = Object.fromEntries(new FormData(event.target).entries());
      for (const key of Object.keys(fields)) if (!fields[key]) delete fields[key];
      try {
        const user = await call("POST", "/users", fields);
        event.target.reset();
        await loadUsers(user.id);
      } catch (error) { toast(error.message, true); }
    });
    $("composer-form").addEventListener("submit", (event) => {
      event.preventDefault();
      const text = $("composer").value;
      if (!text.trim()) return;
      $("composer").value = "";
      sendText(text);
    });
    $("share-contact").addEventListener("click", shareContact);
    $("photo-input").addEventListener("change", (event) => {
      const file = event.target.files[0];
      if (!file) return;
      const form = new FormData();
      form.append("photo", file, file.name);
      form.append("bot", state.bot);
      event.target.value = "";
      guarded(() => call("POST", `/chats/${state.user.id}/photo`, form));
    });
    const wanted = /user=(\d+)/.exec(location.hash);
    loadUsers(wanted ? wanted[1] : null).catch((error) => toast(error.message, true));
  }

  start();
})();
