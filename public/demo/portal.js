// The portal's side of the iframe embed with auto-height (README, "Embedding"): the frame says
// how tall the map is, and the portal sizes the frame. Only messages from the frame itself count.
(() => {
  const frame = document.querySelector('.portal-frame');
  window.addEventListener('message', (event) => {
    if (!frame || event.source !== frame.contentWindow) return;
    const data = event.data;
    if (data && data.type === 'ysmap:height' && Number.isFinite(data.height)) {
      frame.style.height = `${Math.ceil(data.height)}px`;
    }
  });
})();
