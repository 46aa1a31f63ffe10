package dev.wharf.transport.spi;

/**
 * The language a Remoting peer declares in every command header.
 *
 * <p>The binary header carries {@link #code()}; the JSON header carries the enum name. Wharf answers as
 * {@link #JAVA}, like every Apache RocketMQ server.
 *
 * <pre>{@code
 * LanguageCode lang = LanguageCode.fromCode((byte) 9); // GO
 * }</pre>
 */
public enum LanguageCode {
    JAVA(0),
    CPP(1),
    DOTNET(2),
    PYTHON(3),
    DELPHI(4),
    ERLANG(5),
    RUBY(6),
    OTHER(7),
    HTTP(8),
    GO(9),
    PHP(10),
    OMS(11),
    RUST(12),
    NODE_JS(13);

    private static final LanguageCode[] BY_CODE = new LanguageCode[14];

    static {
        for (LanguageCode language : values()) {
            BY_CODE[language.code] = language;
        }
    }

    private final byte code;

    LanguageCode(int code) {
        this.code = (byte) code;
    }

    /** The byte the binary header uses. */
    public byte code() {
        return code;
    }

    /** Maps a header byte back to a language; unknown bytes read as {@link #OTHER}. */
    public static LanguageCode fromCode(byte code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : OTHER;
    }

    /** Maps a JSON header name back to a language; unknown names read as {@link #OTHER}. */
    public static LanguageCode fromName(String name) {
        for (LanguageCode language : values()) {
            if (language.name().equals(name)) {
                return language;
            }
        }
        return OTHER;
    }
}
