/* Tightrope connection check, added to the page by the nginx front (deploy/nginx.conf.in).
 *
 * Streamlit draws nothing until its websocket (/_stcore/stream) delivers the first message. When
 * a proxy on the way drops the websocket upgrade, the page stays grey while /_stcore/health still
 * answers. This script watches the app's websocket: when no message has arrived within a few
 * seconds of loading (or of a lost connection), it shows a notice saying so and whom to ask; it
 * removes the notice as soon as a message arrives. It sends nothing anywhere.
 */
(function () {
  "use strict";
  var CONTACT = "{{contact}}";
  var GRACE_MS = {{grace_ms}};
  var Native = window.WebSocket;
  if (!Native) return;
  var live = false;
  var timer = null;
  var box = null;

  function show() {
    if (live || box || !document.body) return;
    box = document.createElement("div");
    box.id = "tightrope-connection-notice";
    box.setAttribute("role", "alert");
    box.style.cssText = "position:fixed;z-index:2147483647;left:50%;top:1.5rem;transform:translateX(-50%);max-width:38rem;" +
      "padding:1rem 1.25rem;background:#fff;color:#1b1f24;border-left:6px solid #3D5A73;box-shadow:0 2px 12px rgba(0,0,0,.25);" +
      "font:16px/1.5 system-ui,'Noto Sans','Noto Sans CJK JP',sans-serif";
    var h = document.createElement("strong");
    h.textContent = "The dashboard cannot connect to its server.";
    var p = document.createElement("p");
    p.style.margin = ".5rem 0 0";
    p.textContent = "The page loaded, but its live connection (a WebSocket) was not established, so nothing can be shown. " +
      "It keeps trying. If this stays, please tell " + CONTACT + ": the connection to /_stcore/stream is blocked " +
      "(the deployer can run: python -m tightrope check-deploy <this address>).";
    var ja = document.createElement("p");
    ja.lang = "ja";
    ja.style.margin = ".5rem 0 0";
    ja.textContent = "ダッシュボードがサーバーに接続できません（WebSocket 接続が確立できません）。続く場合は " + CONTACT + " にお知らせください。";
    box.appendChild(h);
    box.appendChild(p);
    box.appendChild(ja);
    document.body.appendChild(box);
  }

  function hide() {
    if (box) { box.remove(); box = null; }
  }

  function arm() {
    if (timer !== null) return;
    timer = setTimeout(function () { timer = null; if (!live) show(); }, GRACE_MS);
  }

  function Watched(url, protocols) {
    var ws = protocols === undefined ? new Native(url) : new Native(url, protocols);
    if (String(url).indexOf("_stcore/stream") !== -1) {
      ws.addEventListener("message", function () {
        live = true;
        if (timer !== null) { clearTimeout(timer); timer = null; }
        hide();
      });
      ws.addEventListener("close", function () { live = false; arm(); });
    }
    return ws;
  }
  Watched.prototype = Native.prototype;
  ["CONNECTING", "OPEN", "CLOSING", "CLOSED"].forEach(function (k) { Watched[k] = Native[k]; });
  window.WebSocket = Watched;
  arm();
})();
