fn main() {
    std::process::exit(smartplan::cli::main());
}
