// Session time-out, as a progressive enhancement (no inline script: CSP).
// A few minutes before the idle limit a notice offers to stay signed in;
// typing in a form counts as activity and renews the session with a
// throttled keep-alive. Without this script nothing is lost either: a form
// sent after the session ended is kept and given back after signing in.
(function () {
  "use strict";
  var box = document.getElementById("session-warning");
  if (!box) return;
  var idle = parseInt(box.getAttribute("data-idle"), 10);
  if (!(idle > 0)) return;
  var csrf = box.getAttribute("data-csrf") || "";
  // Warn five minutes before the end (a fifth of the limit when shorter).
  var warnBefore = Math.min(300, Math.floor(idle / 5));
  // Renew at most this often while typing (a quarter of the limit, 2 min at most).
  var throttle = Math.min(120, Math.max(5, Math.floor(idle / 4))) * 1000;
  var lastActive = Date.now();
  var lastPing = Date.now();
  var ended = false;
  var timer = null;

  function schedule() {
    if (timer) clearTimeout(timer);
    box.hidden = true;
    timer = setTimeout(warn, Math.max(0, (idle - warnBefore) * 1000 - (Date.now() - lastActive)));
  }

  function warn() {
    box.hidden = false;
    timer = setTimeout(end, Math.max(0, idle * 1000 - (Date.now() - lastActive)));
  }

  function end() {
    ended = true;
    var p = box.querySelector("p");
    if (p) p.textContent = box.getAttribute("data-ended");
    var b = box.querySelector("button");
    if (b) b.hidden = true;
    box.hidden = false;
  }

  function keepAlive() {
    if (ended) return;
    lastPing = Date.now();
    fetch("/session/keep-alive", {
      method: "POST",
      credentials: "same-origin",
      headers: { "x-csrf-token": csrf },
    }).then(function (r) {
      if (r.ok) {
        lastActive = Date.now();
        schedule();
      } else {
        end();
      }
    }).catch(function () { /* offline: the timers stay as they are */ });
  }

  document.addEventListener("input", function (e) {
    if (!e.target || !e.target.form) return;
    if (Date.now() - lastPing >= throttle) keepAlive();
  });
  var stay = box.querySelector("button");
  if (stay) stay.addEventListener("click", keepAlive);
  schedule();
})();
