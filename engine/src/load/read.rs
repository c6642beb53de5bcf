//! Reading a file that tally checks: regular files only, bounded in size,
//! never through a link that leads out of the folder being checked.

use std::path::Path;
use std::sync::Arc;

use crate::report::{Finding, Severity, Site, SourceFile, IO};
use crate::span::Span;
use tally_i18n::Catalogue;

/// An `io` finding for a file or folder that could not be read, located
/// at the start of the file so that every output format names it.
pub fn unreadable(name: &str, path: &Path, err: &std::io::Error, t: &Catalogue) -> Finding {
    let args = [("name", name.into()), ("error", io_error_text(err, t).into())];
    io_finding(name, path, t, "io-unreadable", &args)
}

/// An I/O error in the catalogue's words where it has them (the usual
/// ones), else as the system says it.
pub fn io_error_text(err: &std::io::Error, t: &Catalogue) -> String {
    use std::io::ErrorKind;
    if t.lang() == tally_i18n::Lang::En {
        return err.to_string();
    }
    let key = match err.kind() {
        ErrorKind::NotFound => "io-error-not-found",
        ErrorKind::PermissionDenied => "io-error-permission",
        ErrorKind::IsADirectory => "io-error-is-a-directory",
        ErrorKind::NotADirectory => "io-error-not-a-directory",
        ErrorKind::InvalidData => "io-error-invalid-data",
        _ => return err.to_string(),
    };
    t.text(key, &[])
}

/// An `io` finding at the start of the file `path` (which is not read),
/// with the catalogue's message `key` (its `.help`, and the label).
fn io_finding(name: &str, path: &Path, t: &Catalogue, key: &str, args: &[(&str, tally_i18n::Arg<'_>)]) -> Finding {
    let source = Arc::new(SourceFile::new(name, path, String::new()));
    let mut finding = Finding::new(IO, Severity::Error, t.text(key, args))
        .with_label(t.text("io-this-file", &[]))
        .at(Site::new(source, Span::new(0, 0), None));
    finding.help = t.attr(key, "help", args);
    finding
}

/// A finding with id `id` at the start of the file `path` (which is not
/// read), so that every output format names the file.
pub fn file_finding(name: &str, path: &Path, id: &str, message: String, help: Option<String>) -> Finding {
    let source = Arc::new(SourceFile::new(name, path, String::new()));
    let mut finding = Finding::new(id, Severity::Error, message).at(Site::new(source, Span::new(0, 0), None));
    finding.help = help;
    finding
}

/// Reads a file that tally checks: only a regular file (a named pipe would
/// block forever, a device might never end) of at most `max_bytes` bytes
/// (`limits.max_file_size`), checked before reading and while reading.
pub fn read(path: &Path, name: &str, max_bytes: u64, t: &Catalogue) -> Result<Vec<u8>, Box<Finding>> {
    use std::io::Read as _;
    let (file, len) = open(path, name, max_bytes, t)?;
    let mut bytes = Vec::with_capacity(len);
    file.take(max_bytes.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|err| Box::new(unreadable(name, path, &err, t)))?;
    if bytes.len() as u64 > max_bytes {
        // It grew while being read.
        return Err(too_large(path, name, bytes.len() as u64, max_bytes, t));
    }
    Ok(bytes)
}

/// What a data file holds, as [`read_contents`] read it.
#[derive(Debug)]
pub enum Contents {
    /// Plain UTF-8 without a byte order mark, checked as it was read.
    Text(String),
    /// Anything else, for [`super::decode_owned`] to decode and report.
    Bytes(Vec<u8>),
}

impl Contents {
    /// The bytes as they are on disk.
    pub fn as_bytes(&self) -> &[u8] {
        match self {
            Contents::Text(text) => text.as_bytes(),
            Contents::Bytes(bytes) => bytes,
        }
    }
}

/// Bytes read at a time by [`read_contents`]: small enough to stay in the
/// cache while they are checked and copied.
const CHUNK: usize = 256 << 10;

/// Reads a file as [`read`] does, checking that it is UTF-8 as it goes:
/// a national table is tens of MB, and turning bytes into a `String`
/// afterwards checks them again with the standard library, several times
/// slower than `simdutf8` on Chinese text. A large file is read on up to
/// `threads` threads ([`read_split`]).
pub fn read_contents(
    path: &Path,
    name: &str,
    max_bytes: u64,
    t: &Catalogue,
    threads: usize,
) -> Result<Contents, Box<Finding>> {
    let (file, len) = open(path, name, max_bytes, t)?;
    let read = if threads > 1 && len >= SPLIT_READ {
        read_split(&file, len, max_bytes, threads)
    } else {
        read_utf8(&file, len, max_bytes, CHUNK)
    };
    let contents = read.map_err(|err| Box::new(unreadable(name, path, &err, t)))?;
    let read = contents.as_bytes().len() as u64;
    if read > max_bytes {
        // It grew while being read.
        return Err(too_large(path, name, read, max_bytes, t));
    }
    Ok(contents)
}

/// Files at least this large are read by [`read_split`] when the loader
/// gives them more than one thread (one national table beside a few small
/// files, whose parse is split too).
const SPLIT_READ: usize = 16 << 20;

/// Bytes from the start of a file that [`read_split`] looks at to tell
/// whether the file is mostly ASCII.
#[cfg_attr(not(unix), allow(dead_code))]
const SAMPLE: usize = 64 << 10;

/// Reads the `len` bytes of `file` on `threads` threads, each its part at
/// its offset into one buffer, then checks the whole as UTF-8: on one
/// thread, faulting in and copying a 100 MB file's pages took a tenth of a
/// second before its parse could start. The check is the standard
/// library's, the only way to a `String` from bytes without `unsafe`:
/// 6.5 GB/s on a flat file with a few Chinese names (3 % of its bytes),
/// 3.3 GB/s at 18 %, but 0.5 GB/s on a file that is mostly Chinese text.
/// So a file whose first [`SAMPLE`] bytes are more than a quarter non-ASCII
/// is read on one thread ([`read_utf8`]), as is a file that is not `len`
/// bytes long any more, and one whose parts could not all be read.
#[cfg(unix)]
fn read_split(file: &std::fs::File, len: usize, max_bytes: u64, threads: usize) -> std::io::Result<Contents> {
    use std::io::Seek as _;
    use std::os::unix::fs::FileExt as _;
    // From the start, wherever the file's cursor is.
    let one_thread = || {
        let mut file = file;
        file.rewind()?;
        read_utf8(file, len, max_bytes, CHUNK)
    };
    let mut sample = vec![0u8; len.min(SAMPLE)];
    if file.read_exact_at(&mut sample, 0).is_err() || !mostly_ascii(&sample) {
        return one_thread();
    }
    let Some(bytes) = read_parts(file, len, threads) else {
        return one_thread();
    };
    Ok(match String::from_utf8(bytes) {
        Ok(text) if !text.starts_with('\u{FEFF}') => Contents::Text(text),
        Ok(text) => Contents::Bytes(text.into_bytes()),
        Err(err) => Contents::Bytes(err.into_bytes()),
    })
}

/// The `len` bytes of `file`, its parts read at their offsets on up to
/// `threads` threads; `None` if a part could not be read or the file is
/// not `len` bytes long any more (cut short, or a byte past the end).
#[cfg(unix)]
fn read_parts(file: &std::fs::File, len: usize, threads: usize) -> Option<Vec<u8>> {
    use std::os::unix::fs::FileExt as _;
    // Zeroed by the allocator: fresh pages, touched first by the threads
    // that read into them.
    let mut bytes = vec![0u8; len];
    let part = len.div_ceil(threads.max(1)).max(1);
    let read = std::thread::scope(|scope| {
        let mut parts = bytes.chunks_mut(part).zip((0u64..).step_by(part));
        let first = parts.next();
        let helpers: Vec<_> = parts
            .map(|(chunk, at)| {
                std::thread::Builder::new()
                    .name("tally-read".into())
                    .spawn_scoped(scope, move || file.read_exact_at(chunk, at))
            })
            .collect();
        let mut read = first.map_or(Ok(()), |(chunk, at)| file.read_exact_at(chunk, at));
        for helper in helpers {
            let done = helper.and_then(|h| h.join().unwrap_or_else(|_| Err(std::io::Error::other("a read failed"))));
            read = read.and(done);
        }
        read
    });
    let mut past = [0u8; 1];
    (read.is_ok() && matches!(file.read_at(&mut past, len as u64), Ok(0))).then_some(bytes)
}

#[cfg(not(unix))]
fn read_split(file: &std::fs::File, len: usize, max_bytes: u64, _threads: usize) -> std::io::Result<Contents> {
    read_utf8(file, len, max_bytes, CHUNK)
}

/// Whether at most a quarter of `bytes` are not ASCII.
#[cfg_attr(not(unix), allow(dead_code))]
fn mostly_ascii(bytes: &[u8]) -> bool {
    bytes.iter().filter(|&&b| b >= 0x80).count() <= bytes.len() / 4
}

/// Reads at most `max_bytes + 1` bytes: as text while every chunk is
/// UTF-8, as bytes from the first one that is not.
fn read_utf8(file: impl std::io::Read, len: usize, max_bytes: u64, chunk: usize) -> std::io::Result<Contents> {
    use std::io::Read as _;
    let mut file = file.take(max_bytes.saturating_add(1));
    let mut text = String::with_capacity(len);
    // No bigger than the file needs (its length, the byte that shows it
    // grew, a cut character's), nor so small that a file that grew reads
    // in tiny steps: the chunk is zeroed once per file, and most files of
    // a project are a few KB.
    let mut buf = vec![0u8; chunk.min(len.saturating_add(4).max(8 << 10)).max(4)];
    // Bytes of a character cut by the end of the last chunk, moved to the
    // front of `buf`.
    let mut carried = 0;
    loop {
        let n = match file.read(buf.get_mut(carried..).unwrap_or_default()) {
            Ok(n) => n,
            Err(err) if err.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(err) => return Err(err),
        };
        let filled = carried + n;
        let chunk = buf.get(..filled).unwrap_or_default();
        let whole = if n == 0 { filled } else { whole_chars(chunk) };
        match chunk.get(..whole).map(simdutf8::basic::from_utf8) {
            Some(Ok(valid)) if !(text.is_empty() && valid.starts_with('\u{FEFF}')) => text.push_str(valid),
            _ => {
                // Not UTF-8, or a byte order mark: the rest as bytes.
                let mut bytes = text.into_bytes();
                bytes.extend_from_slice(chunk);
                file.read_to_end(&mut bytes)?;
                return Ok(Contents::Bytes(bytes));
            }
        }
        if n == 0 {
            return Ok(Contents::Text(text));
        }
        buf.copy_within(whole..filled, 0);
        carried = filled - whole;
    }
}

/// The length of `bytes` without a last character that it cuts short (at
/// most three bytes of a four-byte character).
fn whole_chars(bytes: &[u8]) -> usize {
    let len = bytes.len();
    for back in 1..=len.min(3) {
        let b = bytes[len - back];
        if b & 0xC0 == 0x80 {
            continue;
        }
        let needs = match b {
            0xF0..=0xFF => 4,
            0xE0..=0xEF => 3,
            0xC0..=0xDF => 2,
            _ => 1,
        };
        return if needs > back { len - back } else { len };
    }
    len
}

/// Opens a file that tally checks (see [`read`]); returns it and its size.
fn open(path: &Path, name: &str, max_bytes: u64, t: &Catalogue) -> Result<(std::fs::File, usize), Box<Finding>> {
    let meta = std::fs::metadata(path).map_err(|err| Box::new(unreadable(name, path, &err, t)))?;
    if !meta.is_file() {
        return Err(Box::new(io_finding(name, path, t, "io-not-a-file", &[("name", name.into())])));
    }
    if meta.len() > max_bytes {
        return Err(too_large(path, name, meta.len(), max_bytes, t));
    }
    let file = std::fs::File::open(path).map_err(|err| Box::new(unreadable(name, path, &err, t)))?;
    Ok((file, usize::try_from(meta.len()).unwrap_or(0)))
}

fn too_large(path: &Path, name: &str, size: u64, max_bytes: u64, t: &Catalogue) -> Box<Finding> {
    let args = [
        ("name", name.into()),
        ("size", size_text(size, t).into()),
        ("max", size_text(max_bytes, t).into()),
    ];
    Box::new(io_finding(name, path, t, "io-too-large", &args))
}

/// `12.5 MiB`, `300 bytes`.
fn size_text(bytes: u64, t: &Catalogue) -> String {
    if bytes < 1024 {
        t.text("io-bytes", &[("count", bytes.into())])
    } else if bytes < 1 << 20 {
        format!("{:.1} KiB", bytes as f64 / 1024.0)
    } else {
        format!("{:.1} MiB", bytes as f64 / (1 << 20) as f64)
    }
}

/// Whether `path`, with symbolic links followed, lies inside the folder
/// whose canonical path is `root`.
pub fn inside(path: &Path, root: &Path) -> bool {
    std::fs::canonicalize(path).is_ok_and(|p| p.starts_with(root))
}

/// An `io` finding for a file or folder that a symbolic link takes outside
/// the folder being checked (`data/env.ron -> /proc/self/environ` would
/// otherwise print the CI's environment in a parse error).
pub fn outside(name: &str, path: &Path, folder: &str, t: &Catalogue) -> Finding {
    io_finding(name, path, t, "io-outside", &[("name", name.into()), ("folder", folder.into())])
}


#[cfg(test)]
mod tests {
    use super::{read_split, read_utf8, Contents};

    /// Gives its bytes a few at a time, as a pipe or a slow disk may.
    struct Trickle<'a> {
        bytes: &'a [u8],
        step: usize,
    }

    impl std::io::Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            self.step = self.step % 5 + 1;
            let n = self.step.min(buf.len()).min(self.bytes.len());
            let (now, rest) = self.bytes.split_at(n);
            buf[..n].copy_from_slice(now);
            self.bytes = rest;
            Ok(n)
        }
    }

    fn read(bytes: &[u8], chunk: usize) -> Contents {
        let file = Trickle { bytes, step: 0 };
        read_utf8(file, bytes.len(), u64::MAX - 1, chunk).expect("reading from memory")
    }

    const TEXT: &str = "(区: \"鹿城区\", 值: 12.5, 注: \"😀 高线\"),\n[\"ÿ\", \"温州\"]";

    #[test]
    fn text_cut_anywhere_by_chunks_and_short_reads_reads_back_whole() {
        for chunk in 4..=19 {
            match read(TEXT.as_bytes(), chunk) {
                Contents::Text(text) => assert_eq!(text, TEXT, "chunk {chunk}"),
                Contents::Bytes(_) => panic!("chunk {chunk}: valid text read as bytes"),
            }
        }
    }

    #[test]
    fn a_bad_byte_anywhere_gives_back_every_byte_as_read() {
        for at in 0..TEXT.len() {
            for bad in [0xFF, 0x80, 0xE6] {
                let mut bytes = TEXT.as_bytes().to_vec();
                bytes[at] = bad;
                if std::str::from_utf8(&bytes).is_ok() {
                    continue;
                }
                for chunk in [4, 7, 16] {
                    match read(&bytes, chunk) {
                        Contents::Bytes(read) => assert_eq!(read, bytes, "byte {at}, chunk {chunk}"),
                        Contents::Text(_) => panic!("byte {at} = {bad:#x}, chunk {chunk}: read as text"),
                    }
                }
            }
        }
    }

    #[test]
    fn a_character_cut_short_at_the_end_or_a_byte_order_mark_is_bytes() {
        let cut = &TEXT.as_bytes()[..TEXT.find('鹿').expect("in the text") + 2];
        let bom = [b"\xEF\xBB\xBF".as_slice(), TEXT.as_bytes()].concat();
        for bytes in [cut, bom.as_slice()] {
            match read(bytes, 8) {
                Contents::Bytes(read) => assert_eq!(read, bytes),
                Contents::Text(text) => panic!("read as text: {text:?}"),
            }
        }
    }

    #[test]
    fn reading_stops_one_byte_past_the_bound() {
        let file = Trickle { bytes: TEXT.as_bytes(), step: 0 };
        let read = read_utf8(file, TEXT.len(), 10, 8).expect("reading from memory");
        assert_eq!(read.as_bytes(), &TEXT.as_bytes()[..11]);
    }

    /// `bytes` in a real file, read back by [`read_split`] on `threads`
    /// threads as if it were `len` bytes long.
    fn split(bytes: &[u8], len: usize, threads: usize) -> Contents {
        read_split(&temporary(bytes), len, u64::MAX - 1, threads).expect("read")
    }

    /// A real file holding `bytes` (its cursor at the end).
    fn temporary(bytes: &[u8]) -> std::fs::File {
        let mut file = tempfile::tempfile().expect("a temporary file");
        std::io::Write::write_all(&mut file, bytes).expect("written");
        file
    }

    #[cfg(unix)]
    #[test]
    fn parts_are_read_at_their_offsets_or_not_at_all() {
        let text = table(25);
        let file = temporary(text.as_bytes());
        for threads in 1..=6 {
            let read = super::read_parts(&file, text.len(), threads);
            assert_eq!(read.as_deref(), Some(text.as_bytes()), "{threads} threads");
        }
        // Grown past the length taken, or cut short of it.
        assert_eq!(super::read_parts(&file, text.len() - 1, 2), None);
        assert_eq!(super::read_parts(&file, text.len() + 1, 2), None);
    }

    /// Mostly ASCII, with Chinese and a four-byte character that the
    /// parts cut in every place as the length grows.
    fn table(lines: usize) -> String {
        (0..lines)
            .map(|i| format!("(region: \"鹿城区{i}\", values: [{i}.5, 2.25, 3.125, 4.0625], note: \"😀\"),\n"))
            .collect()
    }

    #[test]
    fn parts_read_on_threads_give_back_the_whole_text() {
        for lines in [1, 2, 7, 40] {
            let text = table(lines);
            for threads in 1..=5 {
                match split(text.as_bytes(), text.len(), threads) {
                    Contents::Text(read) => assert_eq!(read, text, "{lines} lines, {threads} threads"),
                    Contents::Bytes(_) => panic!("{lines} lines, {threads} threads: valid text read as bytes"),
                }
            }
        }
    }

    #[test]
    fn parts_with_a_bad_byte_or_a_byte_order_mark_are_bytes() {
        let text = table(20);
        for at in (0..text.len()).step_by(37) {
            let mut bytes = text.as_bytes().to_vec();
            bytes[at] = 0xFF;
            match split(&bytes, bytes.len(), 3) {
                Contents::Bytes(read) => assert_eq!(read, bytes, "byte {at}"),
                Contents::Text(_) => panic!("byte {at}: read as text"),
            }
        }
        let bom = [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat();
        assert!(matches!(split(&bom, bom.len(), 2), Contents::Bytes(read) if read == bom));
    }

    /// A file that grew or shrank after its size was taken, and one that
    /// is mostly Chinese, are read on one thread: every byte, as it is.
    #[test]
    fn a_changed_or_mostly_chinese_file_is_read_whole_on_one_thread() {
        let text = table(30);
        for len in [text.len() - 9, text.len() + 9, 0] {
            match split(text.as_bytes(), len, 2) {
                Contents::Text(read) => assert_eq!(read, text, "taken as {len} bytes"),
                Contents::Bytes(_) => panic!("taken as {len} bytes: read as bytes"),
            }
        }
        let chinese = "温州市数字经济发展规划标线高线".repeat(300);
        assert!(!super::mostly_ascii(chinese.as_bytes()));
        assert!(super::mostly_ascii(text.as_bytes()));
        assert!(matches!(split(chinese.as_bytes(), chinese.len(), 2), Contents::Text(read) if read == chinese));
    }
}
