//! What Linli writes for people to read: the organiser's tables as CSV files ([`csv`]),
//! printed sheets as PDFs ([`pdf`]), and a member's own data with its export and erasure
//! ([`my_data`]).

pub mod csv;
pub mod my_data;
pub mod pdf;
