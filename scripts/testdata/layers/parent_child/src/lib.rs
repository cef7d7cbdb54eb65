mod app;

pub use app::Job;
