import { teamSession } from '../../api/team-session'

/**
 * On a team server, the training page of anyone but a trainer is "My training": their own record
 * only (training.mine), with no trainee picker and none of the trainers' controls. Browser mode and
 * the desktop app have nobody signed in and keep the trainer's page.
 */
export function seesOwnTrainingOnly(): boolean {
  const user = teamSession.user
  return !!user && !user.roles.includes('trainer')
}

/** Whether the signed-in person holds the trainee role, and so has a record of their own to train on. */
export function isTrainee(): boolean {
  return !!teamSession.user?.roles.includes('trainee')
}
