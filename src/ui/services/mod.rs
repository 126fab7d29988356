//! The page's ties to the browser that are not rendering: storage (localStorage).

pub mod journal;
pub mod storage;
