//! The page's ties to the browser that are not rendering: storage (localStorage), the saved
//! journal, the panic panel, the lessons' texts (fetched).

pub mod journal;
pub mod lessons;
pub mod panic;
pub mod storage;
