package dev.leaderboard.producer;

import dev.leaderboard.gameplay.GamePlay;

/**
 * Where spins come from: the blog's uniform draws ({@link BlogGameModel}) or a casino that behaves like
 * one ({@link dev.leaderboard.producer.realistic.RealisticGameModel}). Not thread-safe: one caller.
 */
public interface GameModel {

    GamePlay nextSpin();
}
