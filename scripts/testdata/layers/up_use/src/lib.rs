mod low;
mod high;
