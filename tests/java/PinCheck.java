// SPDX-License-Identifier: GPL-3.0-or-later
// A tiny OkHttp 3 client for test-consumers: it trusts only the test root (its own
// TrustManager and SSLSocketFactory) and makes one HTTPS request with the CertificatePinner
// that Pinscope exported. The test pastes the Java exports where the markers are.
//
// Usage: java PinCheck ROOT.pem URL right|wrong
// Prints "OK <status>" and exits 0, or "PINNING-FAILURE <message>" and exits 3.

import java.io.FileInputStream;
import java.io.InputStream;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

import okhttp3.CertificatePinner;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

public class PinCheck {
    static CertificatePinner rightPins() {
        /* @RIGHT@ */
        return certificatePinner;
    }

    static CertificatePinner wrongPins() {
        /* @WRONG@ */
        return certificatePinner;
    }

    public static void main(String[] args) throws Exception {
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        X509Certificate root;
        try (InputStream in = new FileInputStream(args[0])) {
            root = (X509Certificate) factory.generateCertificate(in);
        }

        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        store.setCertificateEntry("test-root", root);
        TrustManagerFactory tmf =
            TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        X509TrustManager trustManager = (X509TrustManager) tmf.getTrustManagers()[0];
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] { trustManager }, null);

        CertificatePinner pinner = args[2].equals("right") ? rightPins() : wrongPins();
        OkHttpClient client = new OkHttpClient.Builder()
            .sslSocketFactory(context.getSocketFactory(), trustManager)
            .certificatePinner(pinner)
            .connectTimeout(20, TimeUnit.SECONDS)
            .readTimeout(20, TimeUnit.SECONDS)
            .build();

        Request request = new Request.Builder().url(args[1]).build();
        try (Response response = client.newCall(request).execute()) {
            System.out.println("OK " + response.code());
            System.exit(0);
        } catch (SSLPeerUnverifiedException e) {
            System.out.println("PINNING-FAILURE " + e.getMessage().replace('\n', ' '));
            System.exit(3);
        }
    }
}
