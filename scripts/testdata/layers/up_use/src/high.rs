pub struct Thing;

pub fn use_low() {
    crate::low::low();
}
