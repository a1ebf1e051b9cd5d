//! The tests' own fault-injecting HTTP proxy on 127.0.0.1: a real TCP hop
//! between a terminal and the server that can drop a response, repeat a
//! request or answer 503, one scripted fault per request.
//!
//! Each request is read whole (headers and `Content-Length` body), sent to
//! the server on a fresh connection with `Connection: close`, and the
//! server's response is read to its end before the fault decides what the
//! client gets. It handles the requests the sync client makes, not HTTP in
//! general (no chunked request bodies).

use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::{Arc, Mutex};

/// What the proxy does with one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// Forward the request and return the response.
    Pass,
    /// Forward the request, let the server answer, then close the client's
    /// connection without a response.
    DropResponse,
    /// Forward the request twice and return the second response.
    RepeatRequest,
    /// Answer 503 without forwarding.
    ServiceUnavailable,
}

/// A running proxy; faults are used up in order, then requests pass.
pub struct FaultProxy {
    pub address: SocketAddr,
    faults: Arc<Mutex<VecDeque<Fault>>>,
    seen: Arc<Mutex<Vec<(String, Fault)>>>,
}

impl FaultProxy {
    /// Starts a proxy in front of `upstream` on a free port of 127.0.0.1.
    pub fn start(upstream: SocketAddr) -> FaultProxy {
        let listener = TcpListener::bind("127.0.0.1:0").expect("binding the proxy failed");
        let address = listener.local_addr().expect("the proxy has an address");
        let faults = Arc::new(Mutex::new(VecDeque::new()));
        let seen = Arc::new(Mutex::new(Vec::new()));
        let (thread_faults, thread_seen) = (Arc::clone(&faults), Arc::clone(&seen));
        std::thread::spawn(move || {
            for client in listener.incoming().map_while(Result::ok) {
                let fault = thread_faults.lock().unwrap().pop_front().unwrap_or(Fault::Pass);
                let seen = Arc::clone(&thread_seen);
                std::thread::spawn(move || {
                    if let Some(request_line) = handle(client, upstream, fault) {
                        seen.lock().unwrap().push((request_line, fault));
                    }
                });
            }
        });
        FaultProxy { address, faults, seen }
    }

    /// Queues faults for the next requests, in order.
    pub fn push_faults(&self, faults: &[Fault]) {
        self.faults.lock().unwrap().extend(faults);
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.address)
    }

    /// Returns each handled request's first line and the fault applied.
    pub fn seen(&self) -> Vec<(String, Fault)> {
        self.seen.lock().unwrap().clone()
    }
}

/// Serves one client connection; returns the request line.
fn handle(client: TcpStream, upstream: SocketAddr, fault: Fault) -> Option<String> {
    let mut reader = BufReader::new(client.try_clone().ok()?);
    let (request_line, request) = read_request(&mut reader)?;
    let mut client = client;
    let response = match fault {
        Fault::ServiceUnavailable => {
            b"HTTP/1.1 503 Service Unavailable\r\ncontent-type: application/json\r\ncontent-length: 63\r\nconnection: close\r\n\r\n{\"error\":\"unavailable\",\"message\":\"the proxy answered 503 here\"}".to_vec()
        }
        Fault::Pass => forward(upstream, &request)?,
        Fault::DropResponse => {
            forward(upstream, &request)?;
            return Some(request_line);
        }
        Fault::RepeatRequest => {
            forward(upstream, &request)?;
            forward(upstream, &request)?
        }
    };
    client.write_all(&response).ok()?;
    client.flush().ok()?;
    Some(request_line)
}

/// Reads one request and rewrites it to close the connection after.
fn read_request(reader: &mut BufReader<TcpStream>) -> Option<(String, Vec<u8>)> {
    let mut head = Vec::new();
    let mut content_length = 0_usize;
    let mut request_line = String::new();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).ok()? == 0 {
            return None;
        }
        if request_line.is_empty() {
            request_line = line.trim_end().to_owned();
        }
        if line == "\r\n" {
            break;
        }
        let lower = line.to_ascii_lowercase();
        if let Some(value) = lower.strip_prefix("content-length:") {
            content_length = value.trim().parse().ok()?;
        }
        if lower.starts_with("connection:") {
            continue;
        }
        head.extend_from_slice(line.as_bytes());
    }
    head.extend_from_slice(b"connection: close\r\n\r\n");
    let mut body = vec![0; content_length];
    reader.read_exact(&mut body).ok()?;
    head.extend_from_slice(&body);
    Some((request_line, head))
}

/// Sends a request on a new connection and reads the whole response.
fn forward(upstream: SocketAddr, request: &[u8]) -> Option<Vec<u8>> {
    let mut server = TcpStream::connect(upstream).ok()?;
    server.write_all(request).ok()?;
    let mut response = Vec::new();
    server.read_to_end(&mut response).ok()?;
    Some(response)
}
