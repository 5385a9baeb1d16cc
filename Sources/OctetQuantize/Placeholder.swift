public enum OctetQuantizePlaceholder {}
