pub struct Inner;
