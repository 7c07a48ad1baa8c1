package org.openholter.core.config;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;

/**
 * TLS from PEM files, the form a hospital's CA and Mosquitto use: a CA bundle to trust, and optionally a client
 * certificate chain with its unencrypted PKCS#8 key ({@code BEGIN PRIVATE KEY}) to prove who we are. Every failure
 * names the file and what was wrong with it.
 */
public final class TlsFiles {
    private static final char[] NO_PASSWORD = new char[0];

    private TlsFiles() {}

    /** Trusts the certificates in {@code caPem} (and nothing else). */
    public static TrustManagerFactory trust(Path caPem) {
        try {
            return trust(read(caPem), caPem.toString());
        } catch (IOException e) {
            throw new IllegalArgumentException("CA file " + caPem + " unusable: " + e.getMessage(), e);
        }
    }

    /** Trusts the certificates of the PEM text {@code pem} ({@code name} says where it came from, for errors). */
    public static TrustManagerFactory trust(byte[] pem, String name) {
        try {
            Collection<? extends Certificate> certs = CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(pem));
            if (certs.isEmpty()) throw new IOException("no certificate");
            KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
            ks.load(null, null);
            int i = 0;
            for (Certificate c : certs) ks.setCertificateEntry("ca-" + i++, c);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            return tmf;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException("CA file " + name + " unusable: " + e.getMessage(), e);
        }
    }

    /** A TLS context trusting only the CAs of the PEM text {@code pem}. */
    public static SSLContext trusting(byte[] pem, String name) {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, trust(pem, name).getTrustManagers(), null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("TLS unavailable in this JVM: " + e.getMessage(), e);
        }
    }

    /** Presents {@code certPem} (a chain, leaf first) with the key in {@code keyPem}. */
    public static KeyManagerFactory keys(Path certPem, Path keyPem) {
        try {
            Collection<? extends Certificate> chain = certificates(certPem);
            KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
            ks.load(null, null);
            ks.setKeyEntry("client", privateKey(keyPem), NO_PASSWORD, chain.toArray(Certificate[]::new));
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, NO_PASSWORD);
            return kmf;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException("client certificate " + certPem + " / key " + keyPem + " unusable: " + e.getMessage(), e);
        }
    }

    /** A TLS context trusting {@code caPem}, presenting {@code certPem} / {@code keyPem} when both are given. */
    public static SSLContext context(Path caPem, Path certPem, Path keyPem) {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(certPem == null ? null : keys(certPem, keyPem).getKeyManagers(),
                    caPem == null ? null : trust(caPem).getTrustManagers(), null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("TLS unavailable in this JVM: " + e.getMessage(), e);
        }
    }

    static Collection<? extends Certificate> certificates(Path pem) throws IOException, GeneralSecurityException {
        byte[] bytes = read(pem);
        Collection<? extends Certificate> certs = CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(bytes));
        if (certs.isEmpty()) throw new IOException("no certificate in " + pem);
        return certs;
    }

    static PrivateKey privateKey(Path pem) throws IOException, GeneralSecurityException {
        String text = new String(read(pem), java.nio.charset.StandardCharsets.US_ASCII);
        if (text.contains("BEGIN ENCRYPTED PRIVATE KEY")) {
            throw new IOException(pem + " holds an encrypted key: give an unencrypted PKCS#8 key readable only by this service");
        }
        int begin = text.indexOf("-----BEGIN PRIVATE KEY-----"), end = text.indexOf("-----END PRIVATE KEY-----");
        if (begin < 0 || end < begin) {
            throw new IOException(pem + " holds no PKCS#8 key (BEGIN PRIVATE KEY); convert it with"
                    + " `openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY.pk8`");
        }
        byte[] der = Base64.getMimeDecoder().decode(text.substring(begin + 27, end));
        for (String algorithm : new String[] {"EC", "RSA", "Ed25519"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException notThisOne) {
                // try the next
            }
        }
        throw new IOException(pem + " holds a key of an algorithm other than EC, RSA or Ed25519");
    }

    private static byte[] read(Path p) throws IOException {
        if (!Files.isReadable(p)) throw new IOException(p + " does not exist or cannot be read");
        return Files.readAllBytes(p);
    }
}
