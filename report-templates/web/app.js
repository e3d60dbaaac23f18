// The desk's little behaviour: drag and drop into the upload form, copy a
// problem's message, follow a running build. No framework, nothing loaded
// from elsewhere.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  const csrf = document.body.dataset.csrf;

  const drop = document.getElementById("drop");
  const input = document.getElementById("file-input");
  const form = document.getElementById("upload");
  if (drop && input && form) {
    ["dragenter", "dragover"].forEach((e) => drop.addEventListener(e, (ev) => { ev.preventDefault(); drop.classList.add("over"); }));
    ["dragleave", "drop"].forEach((e) => drop.addEventListener(e, (ev) => { ev.preventDefault(); drop.classList.remove("over"); }));
    drop.addEventListener("drop", (ev) => {
      input.files = ev.dataTransfer.files;
      form.submit();
    });
  }

  document.querySelectorAll("button.copy").forEach((b) => {
    b.addEventListener("click", () => {
      navigator.clipboard.writeText(b.dataset.message).then(() => { b.textContent = b.dataset.done; });
    });
  });

  const status = document.getElementById("build-status");
  if (status) {
    // A page made while a build ran reloads when it ends, even if the
    // first poll already finds it over.
    let wasRunning = status.dataset.wasRunning === "true";
    const poll = () => {
      fetch("/build/status", { headers: { "X-CSRF-Token": csrf } })
        .then((r) => r.json())
        .then((s) => {
          const p = s.progress;
          if (s.running) {
            wasRunning = true;
            status.textContent = `${status.dataset.running}: ${s.what} — ${p.stage} ${p.done}/${p.total} ${p.last}`;
            setTimeout(poll, 1000);
          } else if (s.outcome || s.error) {
            status.textContent = `${status.dataset.finished}: ${s.what} — ${s.outcome || s.error}`;
            if (wasRunning) { window.location.reload(); }
          }
        });
    };
    poll();
  }
});
