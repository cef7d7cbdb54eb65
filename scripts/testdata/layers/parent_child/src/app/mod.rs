mod worker;

pub use worker::Job;

pub fn run() {
    worker::start();
}
