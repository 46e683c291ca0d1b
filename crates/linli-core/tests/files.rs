//! Files where older people's computers keep them: a data folder whose path has Chinese
//! characters (a Windows user called 王奶奶; store_files.rs opens her store there), files
//! replaced while something reads them, and the store opened twice at once. These run on Linux and, through scripts/check-windows
//! --tests, on Windows under Wine, where file sharing and locking work differently.

mod common;

use linli_core::file;
use linli_core::store::{Durability, Store};
use std::io::Read;

fn her_folder(root: &std::path::Path) -> std::path::PathBuf {
    let dir = root.join("王奶奶").join("邻里 数据");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn a_file_in_a_folder_with_chinese_characters_is_replaced_whole() {
    let root = tempfile::tempdir().unwrap();
    let path = her_folder(root.path()).join("设置.toml");
    file::replace(&path, "zoom = 150\n".as_bytes()).unwrap();
    file::replace(&path, "zoom = 175\nlang = \"zh-CN\"\n".as_bytes()).unwrap();
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "zoom = 175\nlang = \"zh-CN\"\n"
    );
    let names: Vec<_> = std::fs::read_dir(path.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert_eq!(names, ["设置.toml"], "nothing left beside it");
}

#[test]
fn a_file_another_program_is_reading_is_still_replaced() {
    let root = tempfile::tempdir().unwrap();
    let path = her_folder(root.path()).join("window.toml");
    file::replace(&path, b"width = 1366\n").unwrap();
    let mut reader = std::fs::File::open(&path).unwrap();
    file::replace(&path, b"width = 1280\n").unwrap();
    let mut fresh = String::new();
    std::fs::File::open(&path)
        .unwrap()
        .read_to_string(&mut fresh)
        .unwrap();
    assert_eq!(fresh, "width = 1280\n");
    // The reader that had it open reads the file as it was when it opened it where the
    // rename went through (always on Unix); on Windows the new text may have been written
    // into the same file instead.
    let mut old = String::new();
    reader.read_to_string(&mut old).unwrap();
    if cfg!(unix) {
        assert_eq!(old, "width = 1366\n");
    } else {
        assert!(
            ["width = 1366\n", "width = 1280\n"].contains(&old.as_str()),
            "{old}"
        );
    }
}

#[test]
fn a_failed_replace_keeps_the_old_file() {
    let root = tempfile::tempdir().unwrap();
    let dir = her_folder(root.path());
    let path = dir.join("settings.toml");
    file::replace(&path, b"zoom = 150\n").unwrap();
    // A folder where the new file would go: it cannot be written, so nothing changes.
    std::fs::create_dir(dir.join("settings.toml.new")).unwrap();
    assert!(file::replace(&path, b"zoom = 200\n").is_err());
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "zoom = 150\n");
}

#[test]
fn the_store_held_open_twice_sees_what_the_other_wrote() {
    let root = tempfile::tempdir().unwrap();
    let path = her_folder(root.path()).join("linli.db");
    let mut writer = Store::open(&path, Durability::Full).unwrap();
    let reader = Store::open(&path, Durability::Full).unwrap();
    let f = common::setup(&mut writer, 10, 0, 5);
    assert_eq!(reader.open_deals(f.group.id).unwrap(), vec![f.deal]);
    drop(writer);
    reader.integrity_check().unwrap();
}

/// A data folder made before Linli kept files private (0755 folders, 0644 files, as a
/// default umask leaves them) is hers alone after `tighten`: folders 0700, files 0600,
/// nested ones too; a second pass changes nothing. (New files: the binary's test in the
/// app, tests/private_files.rs.)
#[cfg(unix)]
#[test]
fn an_old_data_folder_is_tightened_to_hers_alone() {
    use std::os::unix::fs::PermissionsExt;
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("linli");
    let prints = dir.join("prints");
    std::fs::create_dir_all(&prints).unwrap();
    for f in [
        dir.join("linli.db"),
        dir.join("linli.db-wal"),
        prints.join("slips.pdf"),
    ] {
        std::fs::write(&f, b"x").unwrap();
        std::fs::set_permissions(&f, std::fs::Permissions::from_mode(0o644)).unwrap();
    }
    for d in [&dir, &prints] {
        std::fs::set_permissions(d, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    // A link out of the folder is left alone (and what it points to).
    let outside = tmp.path().join("elsewhere.txt");
    std::fs::write(&outside, b"y").unwrap();
    std::fs::set_permissions(&outside, std::fs::Permissions::from_mode(0o644)).unwrap();
    std::os::unix::fs::symlink(&outside, dir.join("link")).unwrap();

    assert_eq!(linli_core::file::tighten(&dir).unwrap(), 5);
    let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&dir), 0o700);
    assert_eq!(mode(&prints), 0o700);
    assert_eq!(mode(&dir.join("linli.db")), 0o600);
    assert_eq!(mode(&dir.join("linli.db-wal")), 0o600);
    assert_eq!(mode(&prints.join("slips.pdf")), 0o600);
    assert_eq!(mode(&outside), 0o644, "not followed out of the folder");
    assert_eq!(linli_core::file::tighten(&dir).unwrap(), 0);
}
