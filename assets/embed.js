// 营商地图's loader for inline embedding (README, "Embedding"). A portal adds this script and
// an element per map:
//   <script src="https://map.example.gov.cn/embed.js" defer></script>
//   <div data-ysmap data-region="shili"></div>
// Each element gets a shadow root holding the app's stylesheets and the box the app mounts in,
// so that neither the portal's CSS nor the app's reaches the other. Ids live in each shadow
// tree, so several maps on one page do not clash. The portal's address, history, title, lang,
// cookies and globals are left alone (this file defines no global; the app keeps its state in
// the address only for an element marked data-url-state). `cargo xtask` writes the built
// file names in place of the placeholders below.
(() => {
  const script = document.currentScript;
  // Where the app's files are: beside this script, wherever the portal loads it from.
  const base = new URL('.', script ? script.src : document.baseURI).href;
  const STYLES = __YSMAP_STYLES__;
  const JS = __YSMAP_JS__;
  const WASM = __YSMAP_WASM__;
  let app;
  // One copy of the app for every map on the page, loaded once; started, it mounts into each
  // box the `ysmap:mount` event names (src/main.rs).
  const load = () => (app ??= import(base + JS).then((module) =>
    module.default({ module_or_path: fetch(base + WASM) })));
  const mountAll = () => {
    for (const element of document.querySelectorAll('[data-ysmap]')) {
      if (element.shadowRoot) continue;
      const root = element.attachShadow({ mode: 'open' });
      const styled = STYLES.map((href) => new Promise((done) => {
        const link = document.createElement('link');
        link.rel = 'stylesheet';
        link.href = base + href;
        link.onload = link.onerror = done;
        root.append(link);
      }));
      const host = document.createElement('div');
      host.className = 'ysmap-host';
      // The element's settings go to the app; its API is where this script came from unless
      // it names another (data-api-base).
      for (const { name, value } of element.attributes) {
        if (name.startsWith('data-') && name !== 'data-ysmap') host.setAttribute(name, value);
      }
      if (!host.hasAttribute('data-api-base')) host.setAttribute('data-api-base', base);
      root.append(host);
      // Styled before it is drawn, so nothing shows unstyled.
      Promise.all([load(), ...styled]).then(() => {
        // The browser's default text size (the box inherits nothing of the portal's):
        // what the app's sizes are in, whatever the portal's own root font size is.
        host.style.setProperty('--ys-rem', getComputedStyle(host).fontSize);
        document.dispatchEvent(new CustomEvent('ysmap:mount', { detail: host }));
      }).catch((e) => {
        console.error('营商地图: the map could not start', e);
      });
    }
  };
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', mountAll, { once: true });
  } else {
    mountAll();
  }
})();
