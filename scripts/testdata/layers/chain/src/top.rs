use crate::Deep;

pub fn top() -> Deep {
    crate::Deep
}
