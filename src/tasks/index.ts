export { addNote, listNotes, type Note } from './notes';
export { registerTaskRoutes as registerRoutes } from './routes';
export { createTask, listTasks, type Task, updateTask } from './tasks';
export { erasePersonTasks } from './erase';
