// OkHttp 3 in Java, after the CertificatePinner documentation: a SHA-1 pin (OkHttp 3 and 4
// accept "sha1/"), pins behind static final constants and a String[] passed as varargs.
import okhttp3.CertificatePinner;

public final class PinnedClient {
    private static final String HOST = "api.example.com";
    private static final String LEAF = "sha256/r/mIkG3eEpVdm+u/ko/cwxzOMo1bk4TyHIlByibiA5E=";
    private static final String[] BACKUPS = {
        "sha256/YLh1dUR9y6Kja30RrAn7JKnbQG/uEtLMkBgFF2Fuihg=",
    };

    static CertificatePinner pinner() {
        return new CertificatePinner.Builder()
            .add(HOST, LEAF)
            .add(HOST, BACKUPS)
            .add("legacy.example.com", "sha1/BOtMwOzy7JCjBOcJV6Zhv1p5XBo=",
                 "sha1/E9CZ9INDbd+2eRQozYqqbQ2yXLU=")
            .build();
    }
}
