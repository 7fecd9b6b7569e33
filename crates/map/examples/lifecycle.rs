//! A test page, never shipped: two `<Map>`s mounted and unmounted on command, so that a browser
//! test (tests/e2e/map_lifecycle.test.mjs) can check that an unmounted map leaves no listener,
//! observer, timer or DOM node behind. The page sends `ysmap-mount` and `ysmap-unmount` events
//! to the window; each mount draws two maps with clusters, markers, areas and place names.
//!
//! Built for the browser only: `cargo build -p ysmap-map --example lifecycle --features leptos
//! --target wasm32-unknown-unknown`, then `wasm-bindgen --target web`.

#[cfg(target_arch = "wasm32")]
fn main() {
    harness::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {}

#[cfg(target_arch = "wasm32")]
mod harness {
    use leptos::prelude::*;
    use std::any::Any;
    use std::cell::RefCell;
    use std::rc::Rc;
    use wasm_bindgen::JsCast;
    use wasm_bindgen::closure::Closure;
    use ysmap_map::web::{Area, Map, MapLabels, Marker, Place, VectorBase};
    use ysmap_map::{LngLat, Viewport};

    /// Facilities scattered over a county-sized square, deterministic.
    fn markers() -> Vec<Marker> {
        let mut seed = 0x2545_F491_4F6C_DD1Du64;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed >> 11) as f64 / (1u64 << 53) as f64
        };
        (0..300)
            .map(|i| {
                let p = LngLat::new(108.0 + next() * 0.4, 34.1 + next() * 0.3);
                Marker::new(format!("f-{i}"), p, format!("Facility {i}"))
            })
            .collect()
    }

    fn areas() -> Vec<Area> {
        (0..4)
            .map(|i| {
                let (x, y) = (108.05 + f64::from(i) * 0.08, 34.2);
                Area {
                    id: format!("park-{i}"),
                    rings: vec![vec![
                        [x, y],
                        [x + 0.05, y],
                        [x + 0.05, y + 0.04],
                        [x, y + 0.04],
                    ]],
                    label: format!("Sample County Park Number {i}"),
                    short_label: Some(format!("Park {i}")),
                    label_at: Some(LngLat::new(x + 0.025, y + 0.02)),
                }
            })
            .collect()
    }

    fn base() -> VectorBase {
        VectorBase {
            outline: vec![vec![
                [108.0, 34.1],
                [108.4, 34.1],
                [108.4, 34.4],
                [108.0, 34.4],
            ]],
            lines: Vec::new(),
            places: (0..6)
                .map(|i| Place {
                    name: format!("Town {i}"),
                    position: LngLat::new(108.03 + f64::from(i) * 0.06, 34.33),
                    class: "town".into(),
                })
                .collect(),
            attribution: "test data".into(),
        }
    }

    fn one_map() -> impl IntoView {
        let view = RwSignal::new(Viewport::new(LngLat::new(108.2, 34.25), 11.0, 400.0, 300.0));
        let home = Some((LngLat::new(108.0, 34.1), LngLat::new(108.4, 34.4)));
        view! {
            <Map
                view
                markers=Signal::stored(markers())
                labels=Signal::stored(MapLabels::default())
                areas=Signal::stored(areas())
                base=Signal::stored(Some(base()))
                home=Signal::stored(home)
            />
        }
    }

    /// Mounts two maps into fresh hosts in `#maps`.
    fn mount(mounted: &RefCell<Vec<Box<dyn Any>>>) {
        let Some(container) = document().get_element_by_id("maps") else {
            return;
        };
        for _ in 0..2 {
            let Ok(host) = document().create_element("div") else {
                return;
            };
            host.set_class_name("host");
            let _ = container.append_child(&host);
            if let Ok(host) = host.dyn_into::<web_sys::HtmlElement>() {
                let handle = leptos::mount::mount_to(host, one_map);
                mounted.borrow_mut().push(Box::new(handle));
            }
        }
    }

    /// Unmounts every map (dropping its handle disposes it) and removes the hosts.
    fn unmount(mounted: &RefCell<Vec<Box<dyn Any>>>) {
        mounted.borrow_mut().clear();
        if let Some(container) = document().get_element_by_id("maps") {
            container.set_inner_html("");
        }
    }

    pub fn start() {
        let mounted: Rc<RefCell<Vec<Box<dyn Any>>>> = Rc::default();
        for (name, action) in [
            ("ysmap-mount", mount as fn(&RefCell<Vec<Box<dyn Any>>>)),
            ("ysmap-unmount", unmount),
        ] {
            let mounted = Rc::clone(&mounted);
            let listener = Closure::<dyn Fn()>::new(move || action(&mounted));
            let _ =
                window().add_event_listener_with_callback(name, listener.as_ref().unchecked_ref());
            // The page's own listeners live as long as the page.
            listener.forget();
        }
        let _ = document()
            .body()
            .map(|b| b.set_attribute("data-ready", "true"));
    }
}
