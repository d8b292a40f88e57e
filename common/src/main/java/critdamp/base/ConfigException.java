package critdamp.base;

/**
 * A configuration value or key is wrong. The message names the key (dotted path), the value and what is allowed,
 * so the user can fix the file or the {@code --set} override without reading code.
 */
public class ConfigException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
