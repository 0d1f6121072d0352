package dev.prflow.worker;

public final class Main {
  public static void main(String[] args) {}
}
