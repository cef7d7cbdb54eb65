pub struct Job;

pub fn start() {
    let _ = super::super::Job;
}
