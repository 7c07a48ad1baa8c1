package org.openholter.launcher.services;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throw-away certificate authority for the demo and the tests, made with Debian's {@code openssl} at start-up
 * (EC P-256, valid 30 days): it signs the brokers' server certificates (for {@code localhost} / 127.0.0.1) and the
 * devices' client certificates (common name = device id). A hospital uses its own CA instead (docs/security.md); nothing
 * here is meant for production.
 */
public final class TestCa {
    private final Path dir;
    private final String openssl;

    private TestCa(Path dir, String openssl) {
        this.dir = dir;
        this.openssl = openssl;
    }

    /** Makes the CA in {@code dir} (its key readable by the owner only). */
    public static TestCa create(Path dir) throws IOException {
        Files.createDirectories(dir);
        TestCa ca = new TestCa(dir, ChildProcess.executable("openssl", "openssl"));
        ca.run("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "30",
                "-subj", "/CN=OpenHolter test CA", "-keyout", ca.key().toString(), "-out", ca.certificate().toString(),
                "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign");
        ownerOnly(ca.key());
        return ca;
    }

    public Path certificate() { return dir.resolve("ca.pem"); }
    private Path key() { return dir.resolve("ca.key"); }

    /** A certificate and PKCS#8 key in the CA's folder, as {@code name.crt} and {@code name.key}. */
    public record Issued(Path certificate, Path key) {}

    /** A server certificate for this machine's loopback (also good as a client certificate). */
    public Issued server(String name) throws IOException {
        return issue(name, name, "subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth,clientAuth\n");
    }

    /** A client certificate whose common name is {@code identity} (what the broker takes as the user name). */
    public Issued client(String identity) throws IOException {
        return issue(identity, identity, "extendedKeyUsage=clientAuth\n");
    }

    private Issued issue(String file, String commonName, String extensions) throws IOException {
        Path key = dir.resolve(file + ".key"), csr = dir.resolve(file + ".csr"), crt = dir.resolve(file + ".crt"), ext = dir.resolve(file + ".ext");
        run("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-subj", "/CN=" + commonName,
                "-keyout", key.toString(), "-out", csr.toString());
        Files.writeString(ext, extensions);
        run("x509", "-req", "-in", csr.toString(), "-CA", certificate().toString(), "-CAkey", key().toString(), "-CAcreateserial",
                "-days", "30", "-extfile", ext.toString(), "-out", crt.toString());
        Files.deleteIfExists(csr);
        Files.deleteIfExists(ext);
        ownerOnly(key);
        return new Issued(crt, key);
    }

    private void run(String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(openssl));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        try {
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) throw new IOException("openssl " + args[0] + " failed: " + out);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running openssl");
        }
    }

    static void ownerOnly(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // not a POSIX file system: nothing to narrow
        }
    }
}
