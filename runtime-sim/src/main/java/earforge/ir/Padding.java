package earforge.ir;

public enum Padding { SAME, VALID }
