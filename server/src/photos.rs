//! Photos (DESIGN.md, "Staff API contract"): `POST /api/admin/photos` with a JPEG, PNG or WebP
//! image as the body (administrators and editors). The image is recognised by its content, not
//! its name; one larger than [`MAX_PHOTO_BYTES`] or with more than [`MAX_PIXELS`] pixels is
//! refused before it is decoded (a decompression bomb declares its size in its header). It is
//! turned upright by its EXIF orientation and re-encoded as JPEG in a display size and a
//! thumbnail: no metadata (EXIF, GPS) survives. Each is addressed by the hash of the display
//! copy and served at `GET /api/photos/{id}/display.jpg` and `…/thumb.jpg` with a year's
//! caching. A record names the photo (with its caption, required) in its `photos`.

use crate::AppState;
use crate::auth::Staff;
use crate::error::ApiError;
use axum::Json;
use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use ysmap_model::Text;
use ysmap_model::staff::Role;
use ysmap_model::validation::ErrorCode;

/// The largest upload, in bytes.
pub const MAX_PHOTO_BYTES: usize = 10 * 1024 * 1024;
/// The most pixels an image may declare (a 50-megapixel camera's).
pub const MAX_PIXELS: u64 = 50_000_000;
/// The display copy's longer side, pixels.
const DISPLAY_SIDE: u32 = 1600;
/// The thumbnail's longer side, pixels.
const THUMB_SIDE: u32 = 480;

/// `POST /api/admin/photos`'s answer.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Uploaded {
    /// The display copy.
    pub url: String,
    /// The thumbnail.
    pub thumbnail_url: String,
    /// The display copy's width, pixels.
    pub width: u32,
    /// Its height.
    pub height: u32,
}

/// One re-encoded copy.
struct Copy {
    variant: &'static str,
    jpeg: Vec<u8>,
    width: u32,
    height: u32,
}

/// Why an image is refused, for the staff member.
fn refused(status: StatusCode, lang: ysmap_model::Lang, zh: String, en: String) -> ApiError {
    ApiError::single(
        status,
        "photo",
        ErrorCode::InvalidValue,
        Text::new(zh, en),
        lang,
    )
}

/// The image as display and thumbnail JPEGs, or why not.
fn reencode(bytes: &[u8], lang: ysmap_model::Lang) -> Result<Vec<Copy>, ApiError> {
    let not_an_image = || {
        refused(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            lang,
            "不是 JPEG、PNG 或 WebP 图片(按文件内容判断,与文件名无关)。".into(),
            "This is not a JPEG, PNG or WebP image (judged by its content, whatever its name)."
                .into(),
        )
    };
    let format = image::guess_format(bytes).map_err(|_| not_an_image())?;
    if !matches!(
        format,
        ImageFormat::Jpeg | ImageFormat::Png | ImageFormat::WebP
    ) {
        return Err(not_an_image());
    }
    let reader = || {
        let mut r = ImageReader::with_format(std::io::Cursor::new(bytes), format);
        let mut limits = Limits::default();
        limits.max_image_width = Some(20_000);
        limits.max_image_height = Some(20_000);
        limits.max_alloc = Some(512 * 1024 * 1024);
        r.limits(limits);
        r
    };
    let too_many = |w: u64, h: u64| {
        refused(
            StatusCode::UNPROCESSABLE_ENTITY,
            lang,
            format!("图片像素过多({w}×{h}):最多 5000 万像素。"),
            format!("The image has too many pixels ({w}×{h}): 50 megapixels at most."),
        )
    };
    // The declared size, before anything is decoded.
    let (w, h) = reader().into_dimensions().map_err(|e| match e {
        image::ImageError::Limits(_) => too_many(0, 0),
        _ => not_an_image(),
    })?;
    if u64::from(w) * u64::from(h) > MAX_PIXELS {
        return Err(too_many(u64::from(w), u64::from(h)));
    }
    let mut decoder = reader().into_decoder().map_err(|_| not_an_image())?;
    let orientation = decoder
        .orientation()
        .unwrap_or(image::metadata::Orientation::NoTransforms);
    let mut img = DynamicImage::from_decoder(decoder).map_err(|_| not_an_image())?;
    img.apply_orientation(orientation);
    let flat = on_white(&img);
    let mut out = Vec::new();
    for (variant, side, quality) in [("display", DISPLAY_SIDE, 82), ("thumb", THUMB_SIDE, 75)] {
        let sized = if flat.width().max(flat.height()) > side {
            flat.resize(side, side, image::imageops::FilterType::CatmullRom)
        } else {
            flat.clone()
        };
        let mut jpeg = Vec::new();
        image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, quality)
            .encode_image(&sized)
            .map_err(|e| ApiError::internal(e, lang))?;
        out.push(Copy {
            variant,
            jpeg,
            width: sized.width(),
            height: sized.height(),
        });
    }
    Ok(out)
}

/// The image on a white ground, without an alpha channel (JPEG has none).
fn on_white(img: &DynamicImage) -> DynamicImage {
    if !img.color().has_alpha() {
        return DynamicImage::ImageRgb8(img.to_rgb8());
    }
    let rgba = img.to_rgba8();
    let mut rgb = image::RgbImage::new(rgba.width(), rgba.height());
    for (x, y, p) in rgba.enumerate_pixels() {
        let a = u16::from(p[3]);
        let mix = |c: u8| ((u16::from(c) * a + 255 * (255 - a)) / 255) as u8;
        rgb.put_pixel(x, y, image::Rgb([mix(p[0]), mix(p[1]), mix(p[2])]));
    }
    DynamicImage::ImageRgb8(rgb)
}

/// `POST /api/admin/photos`.
pub async fn upload(
    State(state): State<AppState>,
    staff: Staff,
    body: Body,
) -> Result<(StatusCode, Json<Uploaded>), ApiError> {
    let lang = staff.lang;
    staff.require(&[Role::Admin, Role::Editor])?;
    let bytes = axum::body::to_bytes(body, MAX_PHOTO_BYTES)
        .await
        .map_err(|_| {
            let mb = MAX_PHOTO_BYTES / 1024 / 1024;
            ApiError::single(
                StatusCode::PAYLOAD_TOO_LARGE,
                "photo",
                ErrorCode::TooLong,
                Text::new(
                    format!("图片过大:最大 {mb} MB。"),
                    format!("The image is too large: {mb} MB at most."),
                ),
                lang,
            )
        })?;
    // Decoding is work for a blocking thread, not the server's.
    let copies = tokio::task::spawn_blocking(move || reencode(&bytes, lang))
        .await
        .map_err(|e| ApiError::internal(e, lang))??;
    let display = &copies[0];
    let id: String = Sha256::digest(&display.jpeg)[..16]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let now = chrono::Utc::now().to_rfc3339();
    let mut tx = state
        .db
        .begin()
        .await
        .map_err(|e| ApiError::internal(e, lang))?;
    for c in &copies {
        sqlx::query("INSERT INTO photos (id, variant, data, width, height, uploaded_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (id, variant) DO NOTHING")
            .bind(&id)
            .bind(c.variant)
            .bind(&c.jpeg)
            .bind(i64::from(c.width))
            .bind(i64::from(c.height))
            .bind(&staff.user.username)
            .bind(&now)
            .execute(&mut *tx)
            .await
            .map_err(|e| ApiError::internal(e, lang))?;
    }
    tx.commit().await.map_err(|e| ApiError::internal(e, lang))?;
    tracing::info!(by = %staff.user.username, %id, "photo uploaded");
    Ok((
        StatusCode::CREATED,
        Json(Uploaded {
            url: format!("/api/photos/{id}/display.jpg"),
            thumbnail_url: format!("/api/photos/{id}/thumb.jpg"),
            width: display.width,
            height: display.height,
        }),
    ))
}

/// `GET /api/photos/{id}/{file}`: `display.jpg` or `thumb.jpg`, cached for a year (the
/// address is the content's).
pub async fn serve(
    State(state): State<AppState>,
    Path((id, file)): Path<(String, String)>,
    headers: axum::http::HeaderMap,
) -> Result<Response, ApiError> {
    let lang = crate::error::requested_lang(&headers).unwrap_or_default();
    let variant = match file.as_str() {
        "display.jpg" => "display",
        "thumb.jpg" => "thumb",
        _ => return Err(ApiError::no_such_endpoint(lang)),
    };
    let data: Option<Vec<u8>> =
        sqlx::query_scalar("SELECT data FROM photos WHERE id = $1 AND variant = $2")
            .bind(&id)
            .bind(variant)
            .fetch_optional(&state.db)
            .await
            .map_err(|e| ApiError::internal(e, lang))?;
    let data = data.ok_or_else(|| ApiError::no_such_endpoint(lang))?;
    let mut r = data.into_response();
    let h = r.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static("image/jpeg"));
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=31536000, immutable"),
    );
    Ok(r)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(w: u32, h: u32) -> Vec<u8> {
        let img = image::RgbaImage::from_pixel(w, h, image::Rgba([200, 30, 30, 128]));
        let mut out = std::io::Cursor::new(Vec::new());
        img.write_to(&mut out, ImageFormat::Png).expect("png");
        out.into_inner()
    }

    #[test]
    fn a_photo_is_reencoded_in_two_sizes_without_alpha() {
        let copies = reencode(&png(2400, 1200), ysmap_model::Lang::Zh).expect("accepted");
        assert_eq!((copies[0].width, copies[0].height), (1600, 800));
        assert_eq!((copies[1].width, copies[1].height), (480, 240));
        for c in &copies {
            assert_eq!(image::guess_format(&c.jpeg).ok(), Some(ImageFormat::Jpeg));
        }
    }

    #[test]
    fn a_small_photo_keeps_its_size() {
        let copies = reencode(&png(300, 200), ysmap_model::Lang::Zh).expect("accepted");
        assert_eq!((copies[0].width, copies[0].height), (300, 200));
    }
}
