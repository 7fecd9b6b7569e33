//! Bulk import (导入) of catalog records from a spreadsheet (CSV or XLSX) or of park
//! boundaries from GeoJSON: what a dry run found, row by row, and what applying did. The
//! server writes it; the console shows it.

use serde::{Deserialize, Serialize};

/// The largest file accepted, in bytes.
pub const MAX_IMPORT_BYTES: usize = 5 * 1024 * 1024;

/// The most rows one file may hold.
pub const MAX_IMPORT_ROWS: usize = 5000;

/// `POST /api/admin/import/{collection}`'s answer.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportReport {
    /// The collection imported into (`facilities`, `parks`, `policies`, … or `boundaries`).
    pub collection: String,
    /// True when the changes were saved; false for a dry run, or when anything was refused
    /// (applying is all or nothing).
    pub applied: bool,
    /// Data rows read (the heading row not counted).
    pub rows: u32,
    /// Records the file would add (or added).
    pub added: Vec<RowChange>,
    /// Records it would change, with the fields that differ.
    pub changed: Vec<RowChange>,
    /// Rows identical to the record already there.
    pub unchanged: u32,
    /// What is refused, with the reason in the staff member's language.
    pub refused: Vec<RowProblem>,
}

/// A row that adds or changes a record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RowChange {
    /// Its row in the file as a spreadsheet numbers it (the heading is row 1); for GeoJSON,
    /// the feature's number from 1.
    pub row: u32,
    /// The record's id.
    pub id: String,
    /// The fields (columns) that change; empty for an added record.
    pub fields: Vec<String>,
}

/// A reason a row (or the file) is refused.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RowProblem {
    /// Its row (as [`RowChange::row`]); 0 for the file as a whole.
    pub row: u32,
    /// The record's id, when the row has one.
    pub id: String,
    /// The column (field) at fault; empty for the row as a whole.
    pub field: String,
    /// Why, in the staff member's language.
    pub message: String,
}

impl ImportReport {
    /// True when nothing is refused: the file can be applied.
    pub fn can_apply(&self) -> bool {
        self.refused.is_empty()
    }
}
