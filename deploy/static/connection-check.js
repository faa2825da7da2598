/* Tightrope connection check, added to the page by the nginx front (deploy/nginx.conf.in).
 *
 * 1. Streamlit draws nothing until its websocket (/_stcore/stream) is open. When a proxy on the
 *    way drops the websocket upgrade, the page stays grey while /_stcore/health still answers.
 *    When no websocket has opened within a few seconds of loading (or of a lost connection), this
 *    shows a notice saying so and whom to ask; it goes away as soon as one opens.
 * 2. A session lives in one app process. When that process dies, the frontend reconnects through
 *    the proxy to another one, which does not know the session, and the page would sit there
 *    without updates. The proxy's routing cookie (tr_route) names the process that answered: when
 *    it changed across a reconnect, the page reloads, and the URL (which holds the whole view:
 *    page, as-of date, filters) brings the viewer back to the same view.
 * It sends nothing anywhere.
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
  var wasOpen = false;
  function route() {
    var m = document.cookie.match(/(?:^|;\s*)tr_route=([^;]*)/);
    return m ? m[1] : null;
  }
  var servedBy = route();  // the app process that served this page

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
      ws.addEventListener("open", function () {
        live = true;
        if (timer !== null) { clearTimeout(timer); timer = null; }
        hide();
        var now = route();
        if (wasOpen && servedBy && now && now !== servedBy) {
          location.reload();  // another process now: start a session there from the URL's view
          return;
        }
        wasOpen = true;
        servedBy = now || servedBy;
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
