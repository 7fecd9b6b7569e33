// The Leaflet reference page's script (see leaflet.html).
(async () => {
  const q = new URLSearchParams(location.search);
  const el = document.getElementById('map');
  el.style.width = `${q.get('w') ?? 1000}px`;
  el.style.height = `${q.get('h') ?? 700}px`;
  const c = await (await fetch('/api/catalog')).json();
  const ll = ([x, y]) => [y, x];
  // The same zoom range as ours (3–18); markercluster needs a maxZoom.
  const map = L.map(el, { zoomSnap: 1, minZoom: 3, maxZoom: 18 });
  const outline = L.geoJSON(c.base_layer.outline, { style: { color: '#8c7d62', weight: 2, dashArray: '8 4', fillColor: '#f7f4ec', fillOpacity: 1 } });
  // The view first: the cluster group needs a zoom when it is added.
  map.fitBounds(outline.getBounds(), { padding: [32, 32], animate: false });
  outline.addTo(map);
  for (const line of c.base_layer.lines) L.polyline(line.path.coordinates.map(ll), { color: '#7db3e3', weight: 3 }).addTo(map);
  for (const t of c.base_layer.towns) L.marker(ll(t.location.coordinates), { icon: L.divIcon({ className: 'town', html: t.name.en }) }).addTo(map);
  for (const p of c.parks) L.geoJSON(p.boundary, { style: { color: '#0b57a4', weight: 2, fillOpacity: 0.2 } }).addTo(map);
  for (const h of c.transport_hubs) L.circleMarker(ll(h.location.coordinates), { radius: 5, color: '#2f3640' }).addTo(map);
  const group = L.markerClusterGroup({ maxClusterRadius: 48, chunkedLoading: false });
  // Draw the same area as ours: the view and 256 px around it (crates/map's MARGIN_PX).
  // markercluster's own default pads by a whole view on every side (nine views' worth).
  group._getExpandedVisibleBounds = function () {
    const m = this._map;
    const px = m.getPixelBounds();
    const pad = L.point(256, 256);
    return L.latLngBounds(m.unproject(px.min.subtract(pad)), m.unproject(px.max.add(pad)));
  };
  group.addLayers(c.facilities.map((f) => L.circleMarker(ll(f.location.coordinates), { radius: 7, weight: 2, color: '#fff', fillColor: '#0b57a4', fillOpacity: 1 })));
  map.addLayer(group);
  // Ready once the frame with everything in it has been produced: the page's own mark.
  requestAnimationFrame(() => requestAnimationFrame(() => {
    performance.mark('map-ready');
    document.body.dataset.ready = 'true';
  }));
})();
