//! The page's ties to the browser that are not rendering: storage (localStorage), the saved
//! journal, the panic panel.

pub mod journal;
pub mod panic;
pub mod storage;
